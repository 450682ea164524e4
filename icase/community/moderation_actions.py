"""What each moderator action recorded in the moderation log says to the moderators reading it.

icase/community/services.py records the codes ("post-approve", "thread-move"…); the log shows
these sentences instead.
"""

LABELS = {
    "post-approve": "Approved a post",
    "post-reject": "Did not publish a post",
    "post-hide": "Hid a post",
    "post-restore": "Restored a post",
    "post-dismiss": "Dismissed the reports on a post",
    "thread-lock": "Locked a discussion",
    "thread-unlock": "Unlocked a discussion",
    "thread-pin": "Pinned a discussion",
    "thread-unpin": "Unpinned a discussion",
    "thread-hide": "Hid a discussion",
    "thread-unhide": "Showed a hidden discussion",
    "thread-move": "Moved a discussion",
    "member-suspend": "Suspended a member",
    "member-unsuspend": "Ended a member's suspension",
    "network-approve": "Let a member join a network",
    "network-decline": "Declined a request to join a network",
}


def label(code):
    return LABELS.get(code, code.replace("-", " ").capitalize())
