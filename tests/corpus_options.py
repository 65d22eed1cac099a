"""The options each corpus text is imported with: the headline, date and language that the text
itself does not give (tests/corpus/MANIFEST.md names the article each was scraped from).

A title marked "(made up)" is not the published one (the dataset's record did not keep it);
it is only there because the text has no headline of its own.
"""

from __future__ import annotations

CORPUS_OPTIONS: dict[str, dict[str, str]] = {
    "001": {"title": "Breast cancer drug may slow lung cancer’s march", "date": "2011-01-25"},
    "002": {
        "title": "Can't exercise? A hot bath may help improve inflammation, metabolism, study "
        "suggests",
        "date": "2018-11-15",
    },
    "003": {
        "title": "There's too much airy optimism about post-Covid Britain. Prepare for brutal cuts",
        "date": "2021-03-23",
    },
    "004": {"title": "A tribute to key workers and those lost to Covid", "date": "2021-03-22"},
    "005": {
        "title": "Why we are all attracted to conspiracy theories – video",
        "date": "2021-03-10",
    },
    "006": {
        "title": "Shooting outside Iowa high school leaves one dead and two critically hurt",
        "date": "2022-03-07",
    },
    "007": {
        "title": "Civil unrest haunts those who remember Latin America's juntas",
        "date": "2019-11-18",
    },
    "008": {
        "title": "'Fashioning Masculinities:' Tracing the history of gender-fluid menswear",
        "date": "2022-03-19",
    },
    "009": {
        "title": 'Entre frites et pizzas, les "gilets jaunes" pique-niquent à Chambord',
        "date": "2019-02-23",
        "lang": "fr",
    },
    "010": {
        "title": "Macron anula la tasa al carburante en un nuevo paso para calmar el malestar "
        "social",
        "date": "2018-12-05",
        "lang": "es",
    },
    "011": {
        "title": "Italy and France’s refugee dispute awakens a dark colonial legacy",
        "date": "2019-01-27",
    },
    "012": {
        "title": "Italy’s deputy PM holds ‘beautiful meeting’ with senior gilets jaunes figure",
        "date": "2019-02-06",
    },
    "013": {
        "title": "Debate Commission STUNS Journalists By Siding With Trump: Fact Checking Is Out "
        "Of Bounds (VIDEO)",
        "date": "2016-09-26",
    },
    "014": {"title": "Experimental Brain Cancer Treatment Is a Success", "date": "2016-12-21"},
    "015": {
        "title": "Study: Antibiotics could dramatically reduce sexually transmitted infections",
        "date": "2017-12-18",
    },
    "016": {"date": "2016-11-21"},
    "017": {
        "title": "Selfie Medicine: Phone Apps Push People to Take Their Pills",
        "date": "2018-03-28",
    },
    "018": {
        "title": "Prostate cancer breakthrough as UK team develops more accurate test",
        "date": "2018-04-22",
    },
    "019": {
        "title": "Anti-inflammatory drugs might someday treat depression",
        "date": "2016-10-18",
    },
    "020": {"title": "New Eczema Treatments Could Be Available Soon", "date": "2016-05-30"},
    "021": {
        "title": "Gilets jaunes: dispositif levé à Feluy mais des barrages filtrants subsistent "
        "dans le Hainaut",
        "date": "2018-11-23",
        "lang": "fr",
    },
    "022": {
        "title": "Les gilets jaunes feront-ils vaciller la bourse de Paris ?",
        "date": "2018-12-10",
        "lang": "fr",
    },
    "023": {
        "title": "Mehdi Nemmouche sera présent lors de l'audience lundi matin selon sa défense",
        "date": "2019-01-06",
        "lang": "fr",
    },
    "024": {
        "title": "Enquête sur de faux comptes qui amplifient la colère des gilets jaunes (made up)",
        "date": "2018-12-08",
        "lang": "fr",
    },
    "025": {"date": "2025-04-14", "lang": "es"},
    "026": {
        "title": 'Milei se endurece con los Macri: los acusa de "traición" y de impedir un acuerdo '
        "en la Ciudad",
        "date": "2025-04-14",
        "lang": "es",
    },
    "027": {"date": "2025-04-14", "lang": "es"},
    "028": {
        "title": "Pedido de rectificación de la exconsejera de Participación Ciudadana y Control "
        "Social Yadira Saltos Rivas",
        "date": "2025-04-05",
        "lang": "es",
    },
    "029": {
        "title": "El gobierno de Haití adoptó un “presupuesto de guerra” para luchar contra las "
        "pandillas",
        "date": "2025-04-15",
        "lang": "es",
    },
    "030": {"date": "2020-10-29", "lang": "pt"},
    "031": {"date": "2020-11-16", "lang": "pt"},
    "032": {
        "title": "Steinmeier plant Gedenkfeier für die Toten der Pandemie (made up)",
        "date": "2021-01-15",
        "lang": "de",
    },
    "033": {"title": "Le ridicule made in France", "date": "2019-01-11", "lang": "fr"},
    "034": {
        "title": "Gilets jaunes: nouveaux rassemblements prévus samedi",
        "date": "2019-01-18",
        "lang": "fr",
    },
    "035": {
        "title": "Macron acknowledges plight of ‘gilets jaunes’ but won't cut fuel tax",
        "date": "2018-11-27",
    },
    "036": {
        "title": "France introduces in-car breathalyser that can disable motor",
        "date": "2019-03-13",
    },
    "037": {
        "title": "Los 'chalecos amarillos' denuncian la violencia policial",
        "date": "2019-02-03",
        "lang": "es",
    },
    "038": {
        "title": "El gigante Gazprom se libra de la multa de Bruselas por monopolio",
        "date": "2018-05-24",
        "lang": "es",
    },
    "039": {"date": "2020-10-28", "lang": "pt"},
    "040": {
        "title": "Einheits-Expo in Potsdam eröffnet (made up)",
        "date": "2020-09-05",
        "lang": "de",
    },
}
