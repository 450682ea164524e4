from .analytics import DocumentDownloadCount, PageViewCount
from .case_study import CaseStudyIndexPage, CaseStudyOutcome, CaseStudyPage, CaseStudyTag
from .collection import CollectionIndexPage, CollectionItem, CollectionTag, ThemedCollectionPage
from .event import EventIndexPage, LearningEventPage, LearningEventTag
from .home import HomePage
from .media import AccessibleImage, AccessibleRendition, DescribedDocument
from .outcomes import PioneerOutcome
from .pioneer import PioneerIndexPage, PioneerProfilePage, PioneerProfileTag
from .seed import SeedRecord
from .snippets import IStatement, PopulationGroup, Theme, ThemePick
from .spaces import PioneerSpace
from .standard import StandardPage
from .theme import ThemeIndexPage
from .toolkit import ToolkitDocument, ToolkitIndexPage, ToolkitPage, ToolkitTag
from .workflow import ProgrammeReviewTask

__all__ = [
    "AccessibleImage",
    "AccessibleRendition",
    "CaseStudyIndexPage",
    "CaseStudyOutcome",
    "CaseStudyPage",
    "CaseStudyTag",
    "CollectionIndexPage",
    "CollectionItem",
    "CollectionTag",
    "DescribedDocument",
    "DocumentDownloadCount",
    "EventIndexPage",
    "HomePage",
    "IStatement",
    "LearningEventPage",
    "LearningEventTag",
    "PageViewCount",
    "PioneerIndexPage",
    "PioneerOutcome",
    "PioneerProfilePage",
    "PioneerProfileTag",
    "PioneerSpace",
    "ProgrammeReviewTask",
    "PopulationGroup",
    "SeedRecord",
    "StandardPage",
    "Theme",
    "ThemeIndexPage",
    "ThemePick",
    "ThemedCollectionPage",
    "ToolkitDocument",
    "ToolkitIndexPage",
    "ToolkitPage",
    "ToolkitTag",
]
