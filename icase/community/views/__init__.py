"""Community pages, split by job: reading (browsing), writing, members and networks, and
moderation. Rules live in services.py, memberships.py and visibility.py; queries in querysets.py.
Private networks answer 404 to outsiders so their thread titles never leak."""

from .browsing import category, index, mark_read, notifications, thread, your_discussions
from .members import directory, edit_profile, join_network, member, network_members
from .moderation import (
    moderate_post,
    moderate_thread,
    moderation_log,
    moderation_queue,
    post_history,
    suspend_member,
)
from .writing import accept_answer, delete_post, edit_post, flag_post, follow, helpful, new_thread, reply

__all__ = [
    "accept_answer",
    "category",
    "delete_post",
    "directory",
    "edit_post",
    "edit_profile",
    "flag_post",
    "follow",
    "helpful",
    "index",
    "join_network",
    "mark_read",
    "member",
    "moderate_post",
    "moderate_thread",
    "moderation_log",
    "moderation_queue",
    "network_members",
    "new_thread",
    "notifications",
    "post_history",
    "reply",
    "suspend_member",
    "thread",
    "your_discussions",
]
