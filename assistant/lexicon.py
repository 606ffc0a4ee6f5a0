"""Words understanding knows without any catalog: kinds of product, devices that accessories are
made for, synonyms, bed sizes (well-known brands are in known_brands.py). They let a request be read
the same on every catalog: "a TV stand" is a TV bench wherever the store calls it one.
"""

from __future__ import annotations

from assistant.vocabulary import singular

# request words that name no kind of product: determiners, adjectives, verbs, and words for a range of
# products ("gear", "supplies"): the head noun of a request is the last word that is none of these
NOT_KINDS = frozenset(
    (  # noqa: SIM905 - a word table in one string, not one line per word
        "a an the some any one ones thing things stuff item items product products something anything "
        "everything options ideas idea gift gifts good great nice best cheap cheaper affordable budget new "
        "quality cool cute pretty small big large little mini premium decent genuine original replacement "
        "digital portable wireless automatic comfortable durable lightweight heavy light soft hard "
        "warm cozy cosy comfy actual whole my me it this that these those hmm ok okay really very more most other another same "
        "different similar there here buy get make show give see try have keep go let find order send pair "
        "pack set kit combo bundle piece pieces looking browsing shopping gear supply supplies accessory "
        "accessories equipment essentials goods merchandise apparel clothing clothes wear just only "
        "what which whose does did have has had designed made built sold sell carry stock medium size "
        "usd inr sar eur gbp and but has been be cheapest priciest biggest smallest largest lightest newest latest "
        "fastest quietest strongest softest warmest star stars rating ratings rated review reviews not "
        "chahiye chahie chaiye chahiya dikhao dikhaiye mean tiny huge seater litre liter"
    ).split()
)
# nouns with an adjective's ending: "denture adhesive" asks for adhesive
NOUNS_LIKE_ADJECTIVES = frozenset(
    "adhesive vegetable vegetables turntable timetable assembly family butterfly dragonfly laxative sedative preservative english".split()  # noqa: SIM905
)
# devices an accessory is made for: "an iPhone 15 case" needs the case to say it fits an iPhone
DEVICES = ("iphone", "ipad", "macbook", "airpods", "galaxy", "pixel", "kindle", "playstation", "xbox", "switch", "apple watch")
# kinds of product (singular): a head noun that is one of these, or a word of the catalog's titles, is enforced
PRODUCT_NOUNS = frozenset(  # in the form `singular` gives, as the rules compare them
    singular(noun)
    for noun in [
        "adapter",
        "air",
        "fryer",
        "backpack",
        "bag",
        "bandage",
        "basket",
        "bathrobe",
        "battery",
        "bed",
        "bedsheet",
        "belt",
        "bib",
        "bicycle",
        "blanket",
        "blazer",
        "blender",
        "blouse",
        "book",
        "boot",
        "bottle",
        "bowl",
        "box",
        "bra",
        "bracelet",
        "brush",
        "bucket",
        "cabinet",
        "cable",
        "camera",
        "candle",
        "cap",
        "car",
        "cardigan",
        "carpet",
        "case",
        "chair",
        "charger",
        "cleaner",
        "clock",
        "coat",
        "comb",
        "conditioner",
        "cooker",
        "cover",
        "crib",
        "cup",
        "curtain",
        "cushion",
        "desk",
        "detergent",
        "diaper",
        "dress",
        "drill",
        "dryer",
        "earbud",
        "earphone",
        "earring",
        "fan",
        "faucet",
        "filter",
        "flask",
        "fryer",
        "game",
        "glass",
        "glove",
        "grill",
        "hairdryer",
        "hammer",
        "handbag",
        "hat",
        "headphone",
        "heater",
        "helmet",
        "hoodie",
        "iron",
        "jacket",
        "jar",
        "jean",
        "jewelry",
        "kettle",
        "keyboard",
        "knife",
        "lamp",
        "laptop",
        "leggings",
        "lens",
        "light",
        "lipstick",
        "lock",
        "lotion",
        "mascara",
        "mask",
        "mat",
        "mattress",
        "microwave",
        "mirror",
        "mixer",
        "monitor",
        "mop",
        "mouse",
        "mug",
        "necklace",
        "notebook",
        "oil",
        "organizer",
        "oven",
        "pacifier",
        "pan",
        "pant",
        "pen",
        "perfume",
        "phone",
        "pillow",
        "plate",
        "plug",
        "pot",
        "printer",
        "projector",
        "purse",
        "rack",
        "razor",
        "refrigerator",
        "ring",
        "rug",
        "sandal",
        "saree",
        "scale",
        "scarf",
        "scissors",
        "screwdriver",
        "serum",
        "shampoo",
        "sheet",
        "shelf",
        "shirt",
        "shoe",
        "short",
        "shorts",
        "skirt",
        "slipper",
        "soap",
        "sock",
        "sofa",
        "speaker",
        "spoon",
        "stand",
        "stroller",
        "suitcase",
        "sunglasses",
        "sunscreen",
        "sweater",
        "sweatshirt",
        "table",
        "tablet",
        "television",
        "tent",
        "thermometer",
        "toothbrush",
        "toothpaste",
        "towel",
        "toy",
        "tray",
        "trimmer",
        "trouser",
        "t-shirt",
        "tv",
        "umbrella",
        "vacuum",
        "vase",
        "wallet",
        "watch",
        "wrench",
    ]
)
# a kind of product -> the other words a record may use for it
SYNONYMS = {
    "tv stand": ("tv bench", "tv unit"),
    "wall mount": ("wall bracket", "tv mount", "tv bracket"),
    "wheel cover": ("steering cover",),
    "mop head": ("mop refill", "mop pad"),
    "tv mount": ("tv bracket", "wall bracket", "wall mount"),
    "tv": ("television",),
    "television": ("tv",),
    "sofa": ("couch",),
    "couch": ("sofa",),
    "phone": ("smartphone", "mobile"),
    "mobile": ("phone", "smartphone"),
    "earphone": ("earbud", "headphone", "headset"),
    "earbud": ("earphone",),
    "headphone": ("headset",),
    "case": ("cover",),
    "cover": ("case",),
    "trouser": ("pant",),
    "pant": ("trouser",),
    "mouse": ("mice",),
    "hairdryer": ("hair dryer",),
    "fridge": ("refrigerator",),
    "refrigerator": ("fridge",),
    "diaper": ("nappy",),
    "jean": ("denim",),
    "razor": ("shaver",),
    "shaver": ("razor",),
    "deo": ("deodorant",),
    "deodorant": ("deo",),
    "mixie": ("mixer grinder", "mixer"),
    "nightstand": ("bedside table", "night table"),
    "bedside table": ("nightstand", "night table"),
    "dresser": ("chest of drawers",),
    "murti": ("idol", "statue", "showpiece"),
    "idol": ("murti", "statue"),
    "tiffin": ("lunch box",),
    "tiffin box": ("lunch box", "tiffin"),
    "lunch box": ("tiffin",),
    "vanity": ("dressing table",),
    "vanity table": ("dressing table",),
    "baby cot": ("cot", "crib"),
    "baby crib": ("crib", "cot"),
    "crib": ("cot",),
    "cot": ("crib",),
    "bookshelf": ("bookcase", "shelving unit"),
    "bookcase": ("bookshelf",),
    "almirah": ("wardrobe",),
    "powerbank": ("power bank",),
    "power bank": ("powerbank",),
}

# a compound's first word ("wifi router", "dog bed") as catalogs also write it: "Wireless N Router", "Pet Bed"
MODIFIER_SYNONYMS = {
    "wifi": ("wi-fi", "wireless"),
    "wi-fi": ("wifi", "wireless"),
    "cordless": ("wireless",),
    "dog": ("pet", "puppy"),
    "cat": ("pet", "kitten"),
    "puppy": ("dog", "pet"),
    "kitten": ("cat", "pet"),
    "baby": ("infant", "toddler"),
    "laptop": ("notebook",),
    "cell": ("mobile", "phone"),
    "standing": ("stand", "sit/stand", "sit-stand", "height adjustable"),
    "electric": ("electrical", "rechargeable", "battery", "battery-powered", "powered", "cordless", "sonic", "oscillating"),
}

# what is sold for a phone, tablet or e-reader rather than the device: "Tempered Glass for iPhone 6S", "Apple iPhone 6 USB Cable"
ACCESSORY_NOUNS = frozenset(
    "case cover cable charger adapter adaptor glass protector guard skin sticker decal stand holder mount dock strap band "  # noqa: SIM905
    "stylus pen sleeve pouch bag keyboard earphone earphones headphone headphones speaker lens tripod selfie battery "
    "screen film ring grip clip sync".split()
)
# what a product that names a kind right before one of these is instead ("Toothbrush Heads", "Mattress
# Protector", "Table top", "TV stand"): a part, cover or holder of that kind, not the kind itself
PART_NOUNS = frozenset(
    "head heads refill refills filter filters blade blades cartridge cartridges gasket jar jars lid lids cover covers "  # noqa: SIM905
    "case cases protector protectors cushion cushions pad pads sheet sheets cloth shade shades leg legs top tops "
    "underframe tray bag bags belt cord charger strap straps band bands remote nozzle attachment attachments rack stand "
    "cassette cassettes foil foils "
    "holder organizer organiser mat mats brush".split()
)
# what a product is made of, longest first as the rules read them ("stainless steel" before "steel"); a
# record must say it (title, attributes, description or web address: IKEA's "…-oak-veneer-…")
_ONE_WORD_MATERIALS = (  # noqa: SIM905 - a word table in one string
    "oak walnut birch pine beech bamboo teak acacia mango rattan wicker cane glass marble granite leather velvet "
    "linen cotton wool silk jute coir steel brass copper ceramic porcelain stoneware silicone plastic wood "
    "wooden metal polyester nylon microfiber latex veneer chrome felt denim suede canvas terracotta concrete "
    "aluminium aluminum crystal"
).split()
MATERIALS = tuple(
    sorted(
        [*_ONE_WORD_MATERIALS, "stainless steel", "cast iron", "solid wood", "faux leather", "memory foam", "oak veneer", "walnut veneer"],
        key=lambda m: (-len(m), m),
    )
)
# bed and mattress sizes as dimensions in cm (and the US sizes in inches): "double mattress" fits a 140x200 one
BED_SIZES = {
    "single": ("90x190", "90x200"),
    "twin": ("90x190", "90x200", "38x75"),
    "double": ("135x190", "140x190", "140x200"),
    "full": ("135x190", "140x200", "54x75"),
    "queen": ("150x200", "160x200", "60x80"),
    "king": ("180x200", "193x203", "76x80"),
}
