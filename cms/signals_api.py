"""Signals cms sends for apps that build on its pages, so cms itself never imports them.

`validate_learning_event` is sent from LearningEventPage.clean with `page=`: a receiver raises
ValidationError (as the page form shows it) for rules that depend on data outside cms, such as the
number of places already booked (icase.events).
"""

from django.dispatch import Signal

validate_learning_event = Signal()
