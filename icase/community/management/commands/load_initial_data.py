from cms.management.commands.load_initial_data import Command as ContentCommand
from icase.community.seed import CommunitySeedLoader


class Command(ContentCommand):
    """The content seed, then the discussion categories and networks (this app is listed before
    `cms` in INSTALLED_APPS, so this command extends the content one)."""

    def load(self):
        counts = super().load()
        community = CommunitySeedLoader(stdout=self.stdout).run()
        return {key: counts[key] + community[key] for key in counts}
