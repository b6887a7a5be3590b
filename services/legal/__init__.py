"""The legal service: the system the Polres (Unit PPA), Satpol PP, Bagian Hukum Setda
and Kantor Imigrasi run, each as its own agency instance (KH Lampiran I:
IDENTIFIKASI, BANTUAN HUKUM, and the Polres's PENAMPUNGAN, REHABILITASI SOSIAL and
PEMULANGAN duties). The referral desk plus its report rules and one read endpoint."""

from rujukan.desk import desk_service
from schemas.vocabulary import AgencyKind
from services.legal import routes
from services.legal.domain.policy import LEGAL_POLICY

SERVICE = desk_service(AgencyKind.LEGAL, "Rujukan legal service", LEGAL_POLICY, routes.build_router)
