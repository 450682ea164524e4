"""The one exception the register's rules raise, shared by its services."""


class Refused(Exception):
    """An action the rules do not allow; `message` says why, in words for the person acting."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
