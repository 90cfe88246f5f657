"""Local authorities, police forces, towns and everyday places of a generated area.

Scenarios are set in Greater Manchester (the gazetteer covers it) with children placed in from
authorities outside it, because out-of-area placements are where missing episodes and
exploitation most often slip between agencies. The background places are real, well-known
public places (interchanges, retail parks, parks, town centres) that children go to without
any exploitation; they give the graph the ordinary noise that real records have.
"""

from __future__ import annotations

from dataclasses import dataclass

GMP = "Greater Manchester Police"


@dataclass(frozen=True)
class Authority:
    """A local authority. GM authorities own postcode districts; outside ones do not."""

    name: str
    code: str
    force: str
    council: str
    districts: tuple[str, ...] = ()
    withheld_address: str = ""

    @property
    def in_gm(self) -> bool:
        return bool(self.districts)

    @property
    def slug(self) -> str:
        return self.code.upper()


# Order matters: a scenario with few children uses the first few authorities.
GM_AUTHORITIES: tuple[Authority, ...] = (
    Authority("Bolton", "BOL", GMP, "Bolton Council", ("BL1", "BL2", "BL3", "BL4", "BL5", "BL6")),
    Authority("Wigan", "WIG", GMP, "Wigan Council", ("WN1", "WN2", "WN3", "WN5", "WN6", "WN7")),
    Authority("Salford", "SAL", GMP, "Salford City Council", ("M5", "M6", "M7", "M27", "M30")),
    Authority("Oldham", "OLD", GMP, "Oldham Council", ("OL1", "OL4", "OL8", "OL9", "OL2")),
    Authority("Rochdale", "ROC", GMP, "Rochdale Borough Council", ("OL11", "OL12", "OL16", "OL10")),
    Authority(
        "Manchester", "MAN", GMP, "Manchester City Council", ("M8", "M9", "M11", "M40", "M22")
    ),
    Authority("Bury", "BUR", GMP, "Bury Council", ("BL8", "BL9", "M26", "M45")),
    Authority("Stockport", "STO", GMP, "Stockport Council", ("SK1", "SK2", "SK3", "SK4", "SK5")),
    Authority("Tameside", "TAM", GMP, "Tameside Council", ("OL6", "OL7", "SK14", "SK16", "M34")),
    Authority("Trafford", "TRA", GMP, "Trafford Council", ("M32", "M33", "M41", "WA14")),
)

PLACING_AUTHORITIES: tuple[Authority, ...] = (
    Authority(
        "Blackburn with Darwen",
        "BWD",
        "Lancashire Constabulary",
        "Blackburn with Darwen Council",
        withheld_address="Darwen, Lancashire (address withheld)",
    ),
    Authority(
        "Lancashire",
        "LAN",
        "Lancashire Constabulary",
        "Lancashire County Council",
        withheld_address="Chorley, Lancashire (address withheld)",
    ),
    Authority(
        "Cheshire East",
        "CHE",
        "Cheshire Constabulary",
        "Cheshire East Council",
        withheld_address="Crewe, Cheshire (address withheld)",
    ),
    Authority(
        "Derbyshire",
        "DER",
        "Derbyshire Constabulary",
        "Derbyshire County Council",
        withheld_address="Glossop, Derbyshire (address withheld)",
    ),
    Authority(
        "Kirklees",
        "KIR",
        "West Yorkshire Police",
        "Kirklees Council",
        withheld_address="Huddersfield, West Yorkshire (address withheld)",
    ),
)

# What practitioners write as the town for a postcode district (locality, not post town).
DISTRICT_TOWNS: dict[str, str] = {
    "BL1": "Bolton", "BL2": "Bolton", "BL3": "Bolton", "BL4": "Farnworth",
    "BL5": "Westhoughton", "BL6": "Horwich", "BL8": "Bury", "BL9": "Bury",
    "WN1": "Wigan", "WN2": "Hindley", "WN3": "Wigan", "WN5": "Orrell", "WN6": "Standish",
    "WN7": "Leigh", "M5": "Salford", "M6": "Salford", "M7": "Salford", "M27": "Swinton",
    "M30": "Eccles", "OL1": "Oldham", "OL2": "Shaw", "OL4": "Oldham", "OL8": "Oldham",
    "OL9": "Chadderton", "OL10": "Heywood", "OL11": "Rochdale", "OL12": "Rochdale",
    "OL16": "Rochdale", "M8": "Cheetham Hill", "M9": "Harpurhey", "M11": "Openshaw",
    "M40": "Moston", "M22": "Wythenshawe", "M26": "Radcliffe", "M45": "Whitefield",
    "SK1": "Stockport", "SK2": "Stockport", "SK3": "Stockport", "SK4": "Stockport",
    "SK5": "Stockport", "OL6": "Ashton-under-Lyne", "OL7": "Ashton-under-Lyne",
    "SK14": "Hyde", "SK16": "Dukinfield", "M34": "Denton", "M32": "Stretford", "M33": "Sale",
    "M41": "Urmston", "WA14": "Altrincham",
}  # fmt: skip

NEIGHBOURS: dict[str, tuple[str, ...]] = {
    "Bolton": ("Wigan", "Salford", "Bury"),
    "Wigan": ("Bolton", "Salford"),
    "Salford": ("Bolton", "Wigan", "Manchester", "Trafford", "Bury"),
    "Oldham": ("Rochdale", "Manchester", "Tameside"),
    "Rochdale": ("Oldham", "Bury", "Manchester"),
    "Manchester": ("Salford", "Oldham", "Rochdale", "Tameside", "Stockport", "Trafford"),
    "Bury": ("Bolton", "Rochdale", "Salford"),
    "Stockport": ("Manchester", "Tameside"),
    "Tameside": ("Oldham", "Manchester", "Stockport"),
    "Trafford": ("Salford", "Manchester"),
}


@dataclass(frozen=True)
class BackgroundPlace:
    """A public place children go to without exploitation (coordinates: district centroid)."""

    key: str
    name: str
    kind: str
    town: str
    district: str
    short: str = ""


BACKGROUND_PLACES: dict[str, tuple[BackgroundPlace, ...]] = {
    "Bolton": (
        BackgroundPlace(
            "BOLTON-INTERCHANGE",
            "Bolton Interchange",
            "transport_hub",
            "Bolton",
            "BL1",
            "Interchange",
        ),
        BackgroundPlace(
            "BOLTON-TOWN", "Bolton town centre", "town_centre", "Bolton", "BL1", "town"
        ),
        BackgroundPlace(
            "MIDDLEBROOK", "Middlebrook Retail Park", "retail_park", "Horwich", "BL6", "Middlebrook"
        ),
        BackgroundPlace("QUEENS-PARK-BOLTON", "Queens Park", "park", "Bolton", "BL1"),
        BackgroundPlace("MOSS-BANK-PARK", "Moss Bank Park", "park", "Bolton", "BL1"),
    ),
    "Wigan": (
        BackgroundPlace(
            "WIGAN-NW",
            "Wigan North Western station",
            "station",
            "Wigan",
            "WN1",
            "Wigan North Western",
        ),
        BackgroundPlace("WIGAN-BUS", "Wigan bus station", "transport_hub", "Wigan", "WN1"),
        BackgroundPlace("ROBIN-PARK", "Robin Park", "retail_park", "Wigan", "WN5"),
        BackgroundPlace("MESNES-PARK", "Mesnes Park", "park", "Wigan", "WN1"),
        BackgroundPlace("WIGAN-TOWN", "Wigan town centre", "town_centre", "Wigan", "WN1", "town"),
    ),
    "Salford": (
        BackgroundPlace(
            "ECCLES-INTERCHANGE", "Eccles Interchange", "transport_hub", "Eccles", "M30"
        ),
        BackgroundPlace(
            "SALFORD-SC",
            "Salford Shopping Centre",
            "shopping_centre",
            "Salford",
            "M6",
            "the precinct",
        ),
        BackgroundPlace("PEEL-PARK", "Peel Park", "park", "Salford", "M5"),
        BackgroundPlace(
            "SWINTON-PRECINCT", "Swinton precinct", "shopping_centre", "Swinton", "M27"
        ),
    ),
    "Oldham": (
        BackgroundPlace("OLDHAM-MUMPS", "Oldham Mumps", "transport_hub", "Oldham", "OL1", "Mumps"),
        BackgroundPlace(
            "SPINDLES", "Spindles shopping centre", "shopping_centre", "Oldham", "OL1", "Spindles"
        ),
        BackgroundPlace("ALEXANDRA-PARK-OLDHAM", "Alexandra Park", "park", "Oldham", "OL8"),
        BackgroundPlace(
            "OLDHAM-TOWN", "Oldham town centre", "town_centre", "Oldham", "OL1", "town"
        ),
    ),
    "Rochdale": (
        BackgroundPlace(
            "ROCHDALE-INTERCHANGE",
            "Rochdale Interchange",
            "transport_hub",
            "Rochdale",
            "OL16",
            "Interchange",
        ),
        BackgroundPlace(
            "ROCHDALE-RIVERSIDE",
            "Rochdale Riverside",
            "retail_park",
            "Rochdale",
            "OL16",
            "Riverside",
        ),
        BackgroundPlace("BROADFIELD-PARK", "Broadfield Park", "park", "Rochdale", "OL16"),
        BackgroundPlace("HEYWOOD-TOWN", "Heywood town centre", "town_centre", "Heywood", "OL10"),
    ),
    "Manchester": (
        BackgroundPlace(
            "PICCADILLY-GARDENS", "Piccadilly Gardens", "square", "Manchester", "M1", "Piccadilly"
        ),
        BackgroundPlace(
            "MANCHESTER-PICCADILLY", "Manchester Piccadilly station", "station", "Manchester", "M1"
        ),
        BackgroundPlace("ARNDALE", "the Arndale", "shopping_centre", "Manchester", "M4"),
        BackgroundPlace("HEATON-PARK", "Heaton Park", "park", "Manchester", "M9"),
    ),
    "Bury": (
        BackgroundPlace(
            "BURY-INTERCHANGE", "Bury Interchange", "transport_hub", "Bury", "BL9", "Interchange"
        ),
        BackgroundPlace("THE-ROCK-BURY", "The Rock", "shopping_centre", "Bury", "BL9"),
        BackgroundPlace("CLARENCE-PARK", "Clarence Park", "park", "Bury", "BL8"),
    ),
    "Stockport": (
        BackgroundPlace(
            "STOCKPORT-INTERCHANGE",
            "Stockport Interchange",
            "transport_hub",
            "Stockport",
            "SK1",
            "Interchange",
        ),
        BackgroundPlace("MERSEYWAY", "Merseyway", "shopping_centre", "Stockport", "SK1"),
        BackgroundPlace("VERNON-PARK", "Vernon Park", "park", "Stockport", "SK1"),
    ),
    "Tameside": (
        BackgroundPlace(
            "ASHTON-INTERCHANGE", "Ashton Interchange", "transport_hub", "Ashton-under-Lyne", "OL6"
        ),
        BackgroundPlace("STAMFORD-PARK", "Stamford Park", "park", "Stalybridge", "OL6"),
        BackgroundPlace("HYDE-TOWN", "Hyde town centre", "town_centre", "Hyde", "SK14", "town"),
    ),
    "Trafford": (
        BackgroundPlace(
            "TRAFFORD-CENTRE",
            "the Trafford Centre",
            "shopping_centre",
            "Manchester",
            "M17",
            "Trafford Centre",
        ),
        BackgroundPlace(
            "ALTRINCHAM-INTERCHANGE",
            "Altrincham Interchange",
            "transport_hub",
            "Altrincham",
            "WA14",
        ),
        BackgroundPlace("LONGFORD-PARK", "Longford Park", "park", "Stretford", "M32"),
    ),
}

# Forms travelling out of GM name these towns (county lines destinations, seaside trips).
DESTINATION_TOWNS: tuple[tuple[str, str], ...] = (
    ("Blackpool", "Lancashire"),
    ("Preston", "Lancashire"),
    ("Liverpool", "Merseyside"),
    ("Leeds", "West Yorkshire"),
    ("Southport", "Merseyside"),
)


def authorities_for(children: int) -> tuple[Authority, ...]:
    """The GM authorities a scenario of ``children`` uses: about one per ten, 2 to 10."""
    count = max(2, min(len(GM_AUTHORITIES), round(children / 10)))
    return GM_AUTHORITIES[:count]


def town_of(district: str) -> str:
    return DISTRICT_TOWNS.get(district, "Manchester")
