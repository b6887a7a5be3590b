"""The education service's own inbox: the answers and reports of the agencies it
referred children to (the desk copies them to a referrer that is not the case's hub)."""

from rujukan.runtime.inbox import Dispatcher
from schemas.base import Event
from services.education.usecases import SchoolService
from services.education.usecases.answers import ANSWERS

CONSUMES: tuple[type[Event], ...] = ANSWERS


def register(dispatcher: Dispatcher, service: SchoolService) -> None:
    for event_class in ANSWERS:
        dispatcher.on(event_class)(service.on_answer)
