"""The corpus of real scraped texts (tests/corpus/), imported and built, measured against what
tests/corpus/MANIFEST.md says a correct import and cleaning produce.

The expectations below restate the manifest as data, file by file: the page furniture that
must go, what must stay (traps and prose), the markup debris the build's cleaner must remove,
and what the import must find (standfirst, byline, captions, credit...). The tests
(tests/test_import_corpus.py) check them one by one; `python -m tests.corpus_check` imports and
builds the whole corpus once and prints the closing figures per group:

    .venv/bin/python -m tests.corpus_check
"""

from __future__ import annotations

import difflib
import html
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

from newsroom.importer import target
from newsroom.importer.article import Report
from newsroom.importer.cli import build_parser, check_options, import_file
from tests.corpus_options import CORPUS_OPTIONS
from tests.sitecheck import ROOT, build, words

CORPUS = ROOT / "tests" / "corpus"
GROUPS = {"A": ("markup debris", 1, 12), "B": ("page furniture", 13, 32), "C": ("controls", 33, 40)}


@dataclass(frozen=True)
class F:
    """Furniture: gone from the page when it appears there at most `keep` times. `whole_line`:
    the text starts a line of furniture (a widget's label), and the rest of that line goes too."""

    text: str
    keep: int = 0
    whole_line: bool = False


@dataclass
class Expect:
    furniture: list[F] = field(default_factory=list)  # the import must leave it out
    missed: list[F] = field(default_factory=list)  # furniture the import knowingly keeps
    kept: list[str] = field(default_factory=list)  # on the page as written (traps, prose)
    shown: list[str] = field(default_factory=list)  # on the page as the import repaired it
    cleaned: list[str] = field(default_factory=list)  # on the page once the cleaner ran
    debris: list[str] = field(default_factory=list)  # not on the page once the cleaner ran
    meta: dict[str, str] = field(default_factory=dict)  # metadata the import must write
    captions: list[str] = field(default_factory=list)
    crossheads: list[str] = field(default_factory=list)
    credit: str | None = None
    lists: list[int] = field(default_factory=list)  # the number of items of each list
    quotes: int = 0
    moved: list[str] = field(default_factory=list)  # shown elsewhere (a byline: the Author)
    breaks: list[tuple[str, str]] = field(default_factory=list)  # (end of one, start of next)
    unsure: list[str] = field(default_factory=list)  # kept, and reported to check by hand


def furniture(*texts: str) -> list[F]:
    return [F(text) for text in texts]


def lines(*starts: str) -> list[F]:
    return [F(text, whole_line=True) for text in starts]


PAYWALL_027 = [
    "Tu suscripción se está usando en otro dispositivo",
    "¿Quieres añadir otro usuario a tu suscripción?",
    "Si continúas leyendo en este dispositivo, no se podrá leer en el otro.",
    "FlechaTu suscripción se está usando en otro dispositivo",
    "Si quieres compartir tu cuenta, cambia tu suscripción a la modalidad Premium",
    "¿Tienes una suscripción de empresa? Accede aquí para contratar más cuentas.",
    "En el caso de no saber quién está usando tu cuenta",
    "Si decides continuar compartiendo tu cuenta",
]

EXPECTATIONS: dict[str, Expect] = {
    "001": Expect(
        furniture=furniture("Advertisement"),
        kept=["-- the most common form of lung cancer --"],
        # The anchors lost their start with part of their title attribute: the attributes go;
        # the title's last words ("Cancer Institute lung cancer site") stay, since nothing tells
        # them from prose, and the build warns about each so the editor can look.
        cleaned=[
            "non-small cell lung cancer in those who take it",
            "growing evidence in recent years",
        ],
        debris=[
            '” href="https://www.cancer.gov/cancertopics/pdq/'
            'treatment/non-small-cell-lung/Patient” target="_blank">',
            '” href="https://www.asco.org/ASCOv2/Meetings/'
            'Abstracts?&vmview=abst_detail_view&confID=65&abstractID=31341" target="_blank">',
            "href=",
        ],
    ),
    "002": Expect(
        furniture=furniture("###"),
        unsure=[
            'Read the full article, "The acute and chronic effects',
            "NOTE TO JOURNALISTS:",
            "Physiology is the study of how molecules",
        ],
        kept=["Rockville, Md. (November 15, 2018)--Hot water treatment", "NOTE TO JOURNALISTS:"],
        cleaned=["please contact the APS Communications Office or 301-634-7314"],
        debris=['communications@the-aps.org">'],
    ),
    "003": Expect(
        furniture=furniture("Continue reading..."),
        kept=["no one imagined that more than 126,000 people would die.", "“privately”."],
        meta={
            "Summary": "Boris Johnson says ‘build back better’, but buried in the budget are "
            "plans for a new dose of austerity"
        },
        debris=["<a ", "<p>", "<br", "href="],
    ),
    "004": Expect(
        furniture=furniture("Continue reading..."),
        kept=["Mike Padgham", "Scarborough, North Yorkshire", "• The doctors, nurses"],
        meta={
            "Summary": "Readers on how to memorialise the thousands who have died in the "
            "pandemic and healthcare workers who risk their lives"
        },
        breaks=[
            ("Scotland, Wales and Northern Ireland.", "Mike Padgham"),
            ("Mike Padgham", "Scarborough, North Yorkshire"),
        ],
        debris=["<strong>", "<br", 'title=""'],
    ),
    "005": Expect(
        furniture=furniture("Continue reading..."),
        kept=[
            "stereotypes that dominate pop culture. Recently, QAnon, Covid-19 and 5G theories",
            "But if we're all potentially susceptible",
        ],
        debris=["&nbsp;", "\xa0"],
    ),
    "006": Expect(
        furniture=furniture("Continue reading..."),
        meta={
            "Summary": "Two suspects held as police say gunfire on grounds of East high school "
            "in Des Moines appeared to come from passing vehicle"
        },
        breaks=[("but no charges were immediately filed.", "Sgt Paul Parizek told KCCI-TV")],
        debris=["<br"],
    ),
    "007": Expect(
        furniture=furniture("- - -"),
        kept=[
            "Unrest in Latin America is putting the region's soldiers back into the public eye.",
            "-- its chief called publicly for Morales to step down --",
        ],
        credit="Bloomberg's Simone Iglesias, Fabiola Zerpa, John Quigley, Philip Sanders, "
        "Eduardo Thomson and Patricia Laya contributed to this report.",
        debris=["&lt;", "&gt;", "&apos;", "&quot;", "<p>", "</p>", "<p/>"],
    ),
    "008": Expect(
        kept=["-- these are some of the most subversive items"],
        cleaned=["Victoria and Albert museum (the V&A)."],
        debris=["&amp;"],
    ),
    "009": Expect(
        kept=["+gilet jaune+", "+gilets jaunes+"],
        crossheads=["&quot;Gilets blancs&quot;"],
        cleaned=['plus d\'un millier de "gilets jaunes" ont fêté samedi'],
        debris=["&quot;"],
    ),
    "010": Expect(
        missed=furniture(
            "¿Quiénes son los chalecos amarillos? Radiografía de un movimiento sin líderes Paula "
            "Rosas. París El Gobierno francés está en serios problemas",
            "Cuatro días para evitar otra batalla en París: Macron se juega su futuro (y el de "
            "Francia) Luis Rivas. París El presidente francés no quiere ceder",
        ),
        cleaned=[
            "El presidente de Francia, Emmanuel Macron, decidió",
            'encabezado por los "chalecos amarillos". Portavoces',
            "la gestión gubernamental, aprobada",
        ],
        debris=["Macron ,", 'amarillos" .', "gubernamental ,"],
    ),
    "011": Expect(shown=["The ornate, sculpted facade of Paris’s Palais de la Porte Dorée"]),
    "012": Expect(
        missed=furniture(
            "who has met a senior figure from the gilets jaunes protest movement in France. "
            "Photograph: Alberto Pizzoli/AFP/Getty Images,"
        ),
        meta={"Agency": "Guardian"},
        credit="– Guardian",
        breaks=[
            ("a “beautiful” meeting.", "“The wind of change has crossed the Alps."),
            ("The wind of change has crossed the Alps,” he wrote.", "Mr Di Maio had previously"),
        ],
        kept=["increase tensions between and"],
        cleaned=["Mr Di Maio and , a prominent member"],
    ),
    "013": Expect(
        furniture=furniture(
            "16505 SHARES SHARES FacebookTwitter GooglePinterestDiggLinkedin Reddit Stumbleupon "
            "PrintDeliciousPocketTumblr",
            "Featured image via CNN",
            "Like this: Like Loading...",
            "Related",
        ),
        quotes=5,
        kept=["— John Aravosis (@aravosis) September 25, 2016", "exceed[s] Clinton’s"],
    ),
    "014": Expect(
        furniture=lines(
            "Health Newsletter Get the latest health and science news, plus: burning questions "
            "and expert tips. View Sample Sign Up Now",
            "Get The Brief. Sign up to receive the top stories you need to know right now. "
            "Choose your country United States of America Afghanistan",
            "Contact us at editors@time.com.",
        ),
    ),
    "015": Expect(
        furniture=furniture(
            "advertisement",
            "Newsletters Sign up for Morning Rounds Your daily dose of news in health and "
            "medicine. Please enter a valid email address. Privacy Policy Leave this field "
            "empty if you're human:",
        ),
        kept=["And this strategy … could potentially be used"],
    ),
    "016": Expect(
        furniture=furniture(
            "Enlarge this image toggle caption Michael Rubenstein for NPR Michael Rubenstein "
            "for NPR"
        ),
        meta={"Title": "Older Patients Can Benefit From Lung Cancer Surgery"},
    ),
    "017": Expect(
        furniture=lines(
            "Advertisement Continue reading the main story",
            "Newsletter Sign Up Continue reading the main story Please verify you're not a robot",
            "___",
            "Follow AP Medical Writer Carla K. Johnson on Twitter: @CarlaKJohnson",
        ),
        meta={"Author": "Carla K. Johnson"},
    ),
    "018": Expect(
        furniture=furniture(
            "Facebook Twitter Pinterest",
            "Theresa May launches £75m drive against prostate cancer Read more",
        ),
        captions=[
            "Stephen Fry, who has had surgery to deal with a prostate tumour, says he is excited "
            "by the new diagnostic test. Photograph: HGL/GC Images"
        ],
        kept=["It is therefore doubly exciting to hear of the new techniques in diagnostic"],
    ),
    "019": Expect(
        furniture=furniture("Story highlights", "(CNN)", "Read More"),
        meta={"Summary": "Anti-cytokine drugs may treat depression in the future, researchers say"},
        kept=["In the future, a new class of anti-inflammatory drugs"],
    ),
    "020": Expect(
        furniture=furniture(
            "ENLARGE", "AZN -0.23 %", "Write to Joseph Walker at Joseph.Walker@wsj.com"
        ),
        meta={"Author": "Joseph Walker"},
        captions=[
            "An ointment made by Anacor Pharmaceuticals and an injected drug from Regeneron "
            "Pharmaceuticals with fewer side effects than steroidal treatments could be approved "
            "by the Food and Drug Administration in 2017. Photo: iStock",
            "Kelly Hayes of Chicago says she has benefited from the new drug dupilumab after "
            "years of suffering with eczema. Photo: Alexandar Arsenijevic",
            "Ms. Hayes’s cleared-up hand after dupilumab treatment. Photo: Alexandar Arsenijevic",
        ],
        kept=["Emma Guttman-Yassky is a professor"],
        shown=["AstraZeneca, Eli Lilly and Roche Holding"],
        crossheads=["Corrections & Amplifications"],
        debris=["\u200b"],
    ),
    "021": Expect(
        furniture=furniture("© Belga", "© AFP"),
        crossheads=["Des barrages filtrants ailleurs dans le Hainaut"],
        kept=["Mais pas de triomphalisme: le dispositif"],
        cleaned=["\"A 02h00 du matin j'ai demandé"],
        debris=["&quot;"],
    ),
    "022": Expect(
        moved=["Par Isabelle de Laminne, responsable du blog www.moneystore.be."],
        furniture=furniture(
            "responsable du blog www.moneystore.be",
            "Cet article vous a intéressé ? Consultez aussi sur MoneyStore :",
            "- Quel est le rôle d’une banque centrale ?",
            "- Regards croisés sur l’économie et les marchés",
            "- Qu’est-ce que le spread de taux ?",
        ),
        meta={"Author": "Isabelle de Laminne"},
        kept=["« Aujourd’hui", "Et pour le futur ?", "trois problèmes : la croissance"],
    ),
    "023": Expect(
        furniture=furniture("► Lire aussi: &quot;Mehdi Nemmouche nous a dit la vérité&quot;"),
    ),
    "024": Expect(
        missed=[
            F(
                "A lire dans @thetimes, des centaines de faux profiles russes créés pour tenter "
                "d’amplifier la colère en France... https://t.co/7zWPhvWAO7",
                keep=1,
            )
        ],
        meta={"Agency": "ATS"},
        credit="(ats/nxp)",
        kept=["la contestation portée par les «gilets jaunes»"],
    ),
    "025": Expect(
        furniture=furniture(
            "Política",
            "Regístrate gratis al boletín de noticias El País",
            "Te puede gustar",
        ),
        meta={
            "Title": "El Polo Democrático oficializa su unión al Pacto Histórico",
            "Summary": "La coalición busca presentarse como una sola fuerza política en las "
            "elecciones presidenciales y legislativas.",
        },
        quotes=1,
    ),
    "026": Expect(
        furniture=lines(
            "Sobre la firma",
            "Mirá también",
            "Newsletter Clarín",
            "Recibí en tu email todas las noticias, coberturas, historias y análisis",
            "QUIERO RECIBIRLO",
        ),
        kept=["algo inédito“"],
    ),
    "027": Expect(
        furniture=lines(*PAYWALL_027),
        meta={
            "Title": "Hasta siempre, Escribidor",
            "Summary": "La vida en tinta no se extingue en tanto se lea. ‘Hasta siempre’ debe ser "
            "leído aquí no como verso de trova banal sino literalmente como bálsamo o placebo "
            "para la obra entera de Vargas Llosa",
        },
    ),
    "028": Expect(
        furniture=furniture("Publicidad"),
        kept=["Nota de la Redacción:", "Lamentamos la confusión. (I)"],
    ),
    "029": Expect(
        meta={"Agency": "AP"},
        credit="(Con información de AP)",
        cleaned=["la demora en la respuesta de las autoridades."],
        debris=["autoridades ."],
    ),
    "030": Expect(
        furniture=[
            F(
                "Brenner e Igor Gomes em ação pelo São Paulo contra o Flamengo — Foto: Igor "
                "Amorim/saopaulofc.net",
                keep=1,
            )
        ],
        meta={
            "Title": "Flamengo x São Paulo: Brenner já tinha sido carrasco de Hugo na Taça BH de "
            "2016; veja fotos e vídeo",
            "Summary": "Tricolor eliminou o Rubro-Negro na semifinal daquele ano; na última "
            "quarta-feira, pela Copa do Brasil, atacante são-paulino fez dois gols contra os "
            "cariocas, um deles após falha do goleiro",
        },
        captions=[
            "Brenner e Igor Gomes em ação pelo São Paulo contra o Flamengo — Foto: Igor "
            "Amorim/saopaulofc.net"
        ],
        lists=[8],
    ),
    "031": Expect(
        furniture=furniture(
            "PIX: os cuidados com a segurança do novo sistema de pagamento instantâneo criado "
            "pelo BC"
        ),
        missed=furniture(
            "PIX: veja exemplos de como o novo sistema de pagamentos irá funcionar na vida prática",
            "Qual a diferença entre o PIX, o DOC e a TED?",
            "Criminosos já tentam aproveitar interesse da população pelo PIX para aplicar golpes",
            "Diretor do BC vê 'sucesso estrondoso' em período de testes do PIX",
        ),
        unsure=[
            "PIX: veja exemplos de como o novo sistema de pagamentos",
            "Qual a diferença entre o PIX, o DOC e a TED?",
            "Criminosos já tentam aproveitar interesse da população",
            "Diretor do BC vê 'sucesso estrondoso'",
        ],
        meta={
            "Title": "PIX começa a funcionar nesta segunda-feira; saiba tudo sobre a nova "
            "modalidade de pagamentos",
            "Summary": "Sistema tem quase 30 milhões de pessoas cadastradas e pretende aumentar a "
            "digitalização de pagamentos no Brasil.",
        },
        crossheads=[
            "Como o PIX funciona na prática",
            "Quem pode usar o PIX",
            "Usando o PIX",
            "Segurança",
            "Fase de testes",
        ],
        lists=[3],
    ),
    "032": Expect(
        furniture=lines(
            "[Wenn Sie alle aktuellen Nachrichten live auf Ihr Handy haben wollen",
            "[Lesen Sie auch: Bis zu ein Drittel weniger Corona-Tote mit geänderter "
            "Impfreihenfolge]",
        ),
        meta={"Agency": "dpa"},
        credit="(dpa)",
        crossheads=["Steinmeier ruft zu #lichtfenster auf"],
        kept=["Mitgefühl „in einer dunklen Zeit“", "2016 bis 2019."],
    ),
    "033": Expect(
        kept=[
            "Ridiculous » !",
            "« Ze french speak Ze english »",
            "Body positif, « of course » !",
            "Un texte sur la remise en forme ?",
            "s’intitule : Beauty talk.",
            "Au secours !!!",
        ]
    ),
    "034": Expect(
        kept=[
            "«\xa0gilets jaunes\xa0»",
            "une ambition\xa0:",
            "Le million à Paris\u202f!",
            "80\xa0000\xa0personnes",
            "[leur]",
        ]
    ),
    "035": Expect(kept=["The demonstrators – known as “gilets jaunes”", "Champs Élysées"]),
    "036": Expect(kept=["– in France drivers start with 12 points on their licence"]),
    "037": Expect(kept=["'chalecos amarillos'", "violencia policial\xa0es insoportable"]),
    "038": Expect(kept=["–principalmente la fijación de precios abusivos-"]),
    "039": Expect(
        meta={"Title": "Nem eu nem o PSL sairemos menores da eleição, diz Joice Hasselmann"},
        kept=["[…]", "deputada federal -foi a segunda"],
    ),
    "040": Expect(
        kept=["„Einheits-Expo“", "Wegen der ist es eine 30-tägige Freiluftausstellung geworden"]
    ),
}


def corpus_files() -> dict[str, Path]:
    return {path.name[:3]: path for path in sorted(CORPUS.glob("0*"))}


def group_of(number: str) -> str:
    return next(key for key, (_, low, high) in GROUPS.items() if low <= int(number) <= high)


def normal(text: str) -> str:
    """Spacing as a reader sees it: runs of spaces, tabs and line breaks as one space (a
    no-break space is a character of the text and stays)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


@dataclass
class Imported:
    number: str
    path: Path
    markdown: str
    report: Report
    page: Path  # the built article page

    def has(self, field: str) -> bool:
        return f"\n{field}: " in self.markdown.split("\n\n", 1)[0]


def import_corpus(articles: Path) -> dict[str, Imported]:
    """Import every corpus text into `articles` with its options, as `make import` would."""
    parser = build_parser()
    done = {}
    for number, path in corpus_files().items():
        options = CORPUS_OPTIONS[number]
        argv = [str(path), "--articles", str(articles)]
        argv += [part for key, value in options.items() for part in (f"--{key}", value)]
        args = parser.parse_args(argv)
        report = Report(path=str(path), kind="")
        checked = check_options(args)
        markdown, where = import_file(args, path, checked, report)
        target.write(where, markdown)
        done[number] = Imported(number, path, markdown, report, where.path)
    return done


def build_corpus(work: Path) -> tuple[dict[str, Imported], Path, str]:
    """Import the corpus into a fresh content folder and build it in one Pelican run."""
    content = work / "content"
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    imported = import_corpus(content / "articles")
    output = work / "output"
    result = build(output, content=content, strict=False)
    if result.returncode != 0:
        raise RuntimeError(result.stdout + result.stderr)
    for item in imported.values():
        lang = CORPUS_OPTIONS[item.number].get("lang", "en")
        suffix = "" if lang == "en" else f"-{lang}"  # ARTICLE_LANG_URL: articles/{slug}-{lang}
        item.page = output / "articles" / f"{item.page.stem}{suffix}.html"
    return imported, output, result.stdout + result.stderr


# --- reading the built page --------------------------------------------------------------

BLOCKS = ("h1", "h2", "h3", "p", "li", "figcaption", "blockquote")


def article_element(page: Path):
    document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return document.find("article") or document.find("main")


def page_blocks(imported: Imported) -> list[str]:
    """The text of each heading, paragraph, item and caption of the article, in order: the
    headline, the standfirst and the byline (unless the source has none: Pelican makes them
    up), and the body."""
    article = article_element(imported.page)
    body = article.find(class_="article-body") or article
    heads = [article.find("h1")]
    if imported.has("Summary"):
        heads.append(article.find(class_="standfirst"))
    if imported.has("Author"):
        heads.append(article.find(class_="byline"))
    blocks = [element for element in heads if element is not None]
    blocks += body.find_all(["h2", "h3", "p", "li", "figcaption"])
    return [normal(element.get_text()) for element in blocks]


def page_text(imported: Imported) -> str:
    return "\n".join(page_blocks(imported))


def body_blocks(page: Path) -> list[str]:
    body = article_element(page).find(class_="article-body")
    return [normal(element.get_text()) for element in body.find_all(["h2", "p", "li"])]


# --- the expected prose ------------------------------------------------------------------


def source_text(path: Path) -> str:
    """The text a reader of the source sees: an HTML fragment (or escaped HTML) as text."""
    raw = path.read_text(encoding="utf-8")
    raw = re.sub(r"(?m)^([A-Z])\r?\n(?=[a-z])", r"\1", raw)  # a drop cap, as a reader sees it
    if "&lt;p&gt;" in raw:
        raw = html.unescape(raw)
    if raw.lstrip().startswith("<"):
        document = BeautifulSoup(raw, "html.parser")
        for br in document.find_all("br"):
            br.replace_with("\n")
        return "\n".join(normal(p.get_text()) for p in document.find_all("p"))
    return html.unescape(raw)


def expected_prose(number: str, path: Path) -> list[str]:
    """The words of the article: the source without its furniture and debris."""
    text = "\n".join(normal(line) for line in source_text(path).splitlines())
    expect = EXPECTATIONS[number]
    items = [*map(F, expect.moved), *expect.furniture, *expect.missed]
    for item in sorted(items, key=lambda item: not item.whole_line):  # stable: moved first
        part = normal(html.unescape(item.text))
        if item.whole_line:
            text = re.sub(r"(?m)^" + re.escape(part) + ".*$", " ", text)
        else:
            text = _remove(text, part, item.keep)
    for debris in expect.debris:  # as written: an entity is already decoded in `text`
        text = text.replace(normal(debris) or debris, " ")
    return words(text)


def _remove(text: str, part: str, keep: int) -> str:
    head, *rest = text.split(part)
    kept = [head]
    for index, piece in enumerate(rest):
        kept.append((part if index < keep else " ") + piece)
    return "".join(kept)


def words_lost(expected: list[str], found: list[str]) -> list[str]:
    """The expected words that the page does not have in the same order."""
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    matched = set()
    for block in matcher.get_matching_blocks():
        matched.update(range(block.a, block.a + block.size))
    return [word for index, word in enumerate(expected) if index not in matched]


# --- the figures -------------------------------------------------------------------------


def count_on_page(text: str, page: str) -> int:
    return page.count(normal(text))


def furniture_left(expect: Expect, page: str, which: str = "furniture") -> list[F]:
    return [item for item in getattr(expect, which) if count_on_page(item.text, page) > item.keep]


def wrongly_removed(expect: Expect, report: Report) -> list[str]:
    """What the import left out that the manifest does not call furniture."""
    known = [normal(html.unescape(item.text)) for item in expect.furniture]
    wrong = []
    for _line, text, why in report.left_out:
        shown = normal(html.unescape(text))
        if why.startswith("repeat of the headline"):
            continue
        if not any(part in shown or shown in part for part in known):
            wrong.append(f"{text[:60]} ({why})")
    return wrong


def control_changed(imported: Imported) -> bool:
    """A clean text's paragraphs, as the page shows them, differ from the source's lines."""
    source = [normal(line) for line in source_text(imported.path).splitlines() if line.strip()]
    title = CORPUS_OPTIONS[imported.number].get("title")
    shown = page_blocks(imported)
    shown = shown if title is None else shown[1:]
    return source != shown


@dataclass
class Figures:
    files: int = 0
    furniture: int = 0
    removed: int = 0
    missed: int = 0
    reported_unsure: int = 0
    wrongly_removed: int = 0
    debris: int = 0
    debris_left: int = 0
    cleaned: int = 0
    cleaned_missing: int = 0
    words: int = 0
    words_lost: int = 0
    controls_changed: int = 0
    details: list[str] = field(default_factory=list)


def measure(imported: dict[str, Imported]) -> dict[str, Figures]:
    figures = {group: Figures() for group in GROUPS}
    for number, item in imported.items():
        expect, row = EXPECTATIONS[number], figures[group_of(number)]
        page = page_text(item)
        left = furniture_left(expect, page) + furniture_left(expect, page, "missed")
        unsure = [normal(text) for _line, text, _why in item.report.unsure]
        row.files += 1
        row.furniture += len(expect.furniture) + len(expect.missed)
        row.missed += len(left)
        row.removed += len(expect.furniture) + len(expect.missed) - len(left)
        row.reported_unsure += sum(any(normal(i.text) in u for u in unsure) for i in left)
        wrong = wrongly_removed(expect, item.report)
        row.wrongly_removed += len(wrong)
        debris = [text for text in expect.debris if normal(text) and normal(text) in page]
        row.debris += len(expect.debris)
        row.debris_left += len(debris)
        missing = [text for text in expect.cleaned if normal(text) not in page]
        row.cleaned += len(expect.cleaned)
        row.cleaned_missing += len(missing)
        expected = expected_prose(number, item.path)
        lost = words_lost(expected, words(page))
        row.words += len(expected)
        row.words_lost += len(lost)
        changed = group_of(number) == "C" and control_changed(item)
        row.controls_changed += changed
        for what, items in (
            ("furniture kept", [i.text[:50] for i in left]),
            ("wrongly removed", wrong),
            ("debris left", debris),
            ("not as cleaning should leave it", missing),
            ("words lost", lost[:12]),
            ("control changed", ["yes"] if changed else []),
        ):
            if items:
                row.details.append(f"  {number} {what}: {items}")
    return figures


def render(figures: dict[str, Figures], warnings: list[str]) -> str:
    head = (
        "group               files  furniture  removed  missed (of them reported)  "
        "wrongly removed  debris left  not cleaned  words lost  controls changed"
    )
    lines = [head]
    for group, row in figures.items():
        name = f"{group} {GROUPS[group][0]}"
        lines.append(
            f"{name:<19} {row.files:>5}  {row.furniture:>9}  {row.removed:>7}  "
            f"{row.missed:>6} ({row.reported_unsure:>2}){'':>13}  {row.wrongly_removed:>15}  "
            f"{row.debris_left:>4} of {row.debris:<4}  "
            f"{row.cleaned_missing:>4} of {row.cleaned:<4} "
            f"{row.words_lost:>4} of {row.words:<5}  "
            f"{row.controls_changed if group == 'C' else '-':>5}"
        )
    lines.append("details:")
    for row in figures.values():
        lines.extend(row.details)
    lines.append(f"build warnings ({len(warnings)}):")
    lines.extend(f"  {warning}" for warning in warnings)
    return "\n".join(lines)


def build_warnings(log: str) -> list[str]:
    return [line.strip() for line in log.splitlines() if "WARNING" in line or "warning" in line]


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        imported, _output, log = build_corpus(Path(work))
        print(render(measure(imported), build_warnings(log)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
