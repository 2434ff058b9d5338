"""Links between generated pages are relative, for any folder and for plain files."""

from service_charter.addresses import Links


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
