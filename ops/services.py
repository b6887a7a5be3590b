"""Which service implementation runs each kind of agency.

Imported lazily so that a process loads only its own service's code.
"""

import importlib

from rujukan.runtime.service import ServiceDefinition
from schemas.vocabulary import AgencyKind

IMPLEMENTATIONS: dict[AgencyKind, str] = {
    AgencyKind.INTAKE: "services.intake:SERVICE",
    AgencyKind.HEALTH: "services.health:SERVICE",
    AgencyKind.SOCIAL: "services.social:SERVICE",
    AgencyKind.LEGAL: "services.legal:SERVICE",
    AgencyKind.EDUCATION: "services.education:SERVICE",
}
"""Agency kind -> ``module:attribute`` of its ServiceDefinition."""


def definition_for(kind: AgencyKind) -> ServiceDefinition:
    try:
        target = IMPLEMENTATIONS[kind]
    except KeyError:
        raise LookupError(f"no service implementation runs {kind} agencies") from None
    module_name, _, attribute = target.partition(":")
    definition: ServiceDefinition = getattr(importlib.import_module(module_name), attribute)
    return definition
