"""Links between generated pages are relative, for any folder and for plain files."""

from bs4 import BeautifulSoup

from conftest import FIXTURES
from service_charter.addresses import Links
from service_charter.i18n import Localizer
from service_charter.load.loader import load_charter
from service_charter.pages.frame import Frames
from service_charter.pages.render import make_environment


def test_plain_html_files():
    link = Links("service-arnona-payment")
    assert link.to("index") == "index.html"
    assert link.record("data", "id-number") == "data-id-number.html"
    assert link.to("contact", "complaints") == "contact.html#complaints"


def test_directory_urls():
    link = Links("service-arnona-payment", directory_urls=True)
    assert link.to("index") == "../"
    assert link.record("data", "id-number") == "../data-id-number/"
    home = Links("index", directory_urls=True)
    assert home.record("service", "x") == "service-x/"
    assert home.to("index") == "./"


FRAME_PREFIXES = {
    False: {"index": "", "service-x": "", "about": "", "guides/trees": "../"},
    True: {"index": "", "service-x": "../", "about": "../", "guides/trees": "../../"},
}


def test_every_page_frame_links_to_the_statements_from_its_own_depth():
    """Frames are drawn once per depth: pages at the same depth share one, deeper pages get their own."""
    charter = load_charter(FIXTURES / "tiny" / "charter")
    for directory_urls, prefixes in FRAME_PREFIXES.items():
        frames = Frames(make_environment(), charter, Localizer("en", "he"), directory_urls)
        ending = "/" if directory_urls else ".html"
        for path, prefix in prefixes.items():
            footer = BeautifulSoup(frames.of_page(path).footer, "html.parser")
            hrefs = [a["href"] for a in footer.select("ul a")]
            assert hrefs == [f"{prefix}{page}{ending}" for page in ("contact", "your-data", "accessibility")], path
