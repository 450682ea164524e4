// Progressive enhancement only: every page works without this script.
import { initAll } from "../vendor/nhsuk-frontend.min.js";

initAll();
