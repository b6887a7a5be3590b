"""Fixtures shared by the unit tests."""

import pytest

from rujukan.directory import AgencyDirectory, load_directory


@pytest.fixture(scope="session")
def directory() -> AgencyDirectory:
    """The network's agency directory as shipped."""
    return load_directory()
