"""The reference data a decision needs: the district's matrix, the directory, the hub.

The matrix is data, one per district (KH Lampiran I, LT Pasal 17(2)); the core takes it
as an argument and never loads a file, so the same decisions serve every district.
"""

from __future__ import annotations

from dataclasses import dataclass

from rujukan.directory import AgencyDirectory
from rujukan.matrix import DistrictMatrix


@dataclass(frozen=True, slots=True)
class Network:
    """One hub's view of the referral network: its district's matrix and directory,
    and its own agency id (the referrer of every referral it issues)."""

    matrix: DistrictMatrix
    directory: AgencyDirectory
    hub_id: str
    return_consent: str | None = None
    """The article of the consent to return where the district's data adopts it
    (``rule_sets.csv``: Belu's BLU Pasal 1 angka 8), else None."""

    @property
    def district(self) -> str:
        """The district the hub serves (the matrix's district)."""
        return self.matrix.district

    @classmethod
    def of(
        cls,
        matrix: DistrictMatrix,
        directory: AgencyDirectory,
        hub_id: str | None = None,
        return_consent: str | None = None,
    ) -> Network:
        """The network of the matrix's district; the hub defaults to the district's only
        intake agency (LT Pasal 9(1): the Dinas that receives complaints).

        Raises ValueError when no hub id is given and the district has none or several.
        """
        if hub_id is None:
            hubs = directory.hubs(matrix.district)
            if len(hubs) != 1:
                raise ValueError(
                    f"district {matrix.district} has {len(hubs)} intake hubs; name the hub"
                )
            hub_id = hubs[0].id
        return cls(matrix=matrix, directory=directory, hub_id=hub_id, return_consent=return_consent)
