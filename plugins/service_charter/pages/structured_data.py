"""Schema.org JSON-LD for service pages and the questions page, so search engines and portals can read what a page
promises and answers.

A service page carries one `<script type="application/ld+json">` whose `@graph` holds:

- the municipality, a `GovernmentOrganization`;
- the service, a `GovernmentService`: its department as provider, the area and audience it serves,
  its fees as offers, and one `ServiceChannel` per way to ask for it (phone, link, office, post),
  each with its languages, hours and the time we promise to take;
- the questions answered on the page itself, a `FAQPage` (the general questions it only links to are
  described on the questions page, each where its answer is);
- the page's breadcrumb trail, a `BreadcrumbList`.

The questions page carries the municipality and a `FAQPage` of every question it answers.

Texts are plain (Markdown is reduced to its words) and in the page's language, falling back like the
page itself. Links are absolute when the site has a `site_url`, relative to the page otherwise.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from ..addresses import CONTACT, FAQ, HOME, Links, page_or_file_url, record_page
from ..i18n import Localizer
from ..model.charter import Charter
from ..model.schema import (
    Channel,
    ChannelKind,
    Duration,
    Faq,
    FaqEntry,
    Hours,
    Office,
    Service,
    ServiceChannel,
    Text,
    TimeUnit,
    Weekday,
)
from ..richtext import inert_json, markdown_text
from .filters import tel_href, whatsapp_href

CONTEXT = "https://schema.org"
DAYS = {
    Weekday.sun: "https://schema.org/Sunday",
    Weekday.mon: "https://schema.org/Monday",
    Weekday.tue: "https://schema.org/Tuesday",
    Weekday.wed: "https://schema.org/Wednesday",
    Weekday.thu: "https://schema.org/Thursday",
    Weekday.fri: "https://schema.org/Friday",
    Weekday.sat: "https://schema.org/Saturday",
}
ISO_DURATION = {
    TimeUnit.minutes: ("PT", "M"),
    TimeUnit.hours: ("PT", "H"),
    TimeUnit.business_hours: ("PT", "H"),
    TimeUnit.days: ("P", "D"),
    TimeUnit.business_days: ("P", "D"),
    TimeUnit.weeks: ("P", "W"),
}
"""ISO 8601 has no business days or hours: they are given as days and hours, a little shorter than promised."""


def iso_duration(duration: Duration) -> str:
    """`3 business_days` → `P3D`, `4 hours` → `PT4H`."""
    prefix, designator = ISO_DURATION[duration.unit]
    return f"{prefix}{duration.amount}{designator}"


def opening_hours(hours: list[Hours], always_open: bool, L: Localizer) -> list[dict[str, Any]]:
    """Opening hours as `OpeningHoursSpecification`s; open at any hour is 00:00 to 23:59 every day."""
    if always_open:
        return [_hours_spec(list(Weekday), "00:00", "23:59")]
    return [
        _hours_spec(spec.days, spec.opens, spec.closes) | ({"description": L.plain(spec.note)} if spec.note else {})
        for spec in hours
    ]


def _hours_spec(days: list[Weekday], opens: str, closes: str) -> dict[str, Any]:
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": [DAYS[day] for day in Weekday if day in days],
        "opens": opens,
        "closes": closes,
    }


def script(data: dict[str, Any]) -> Markup:
    """A JSON-LD script element that no text inside `data` can break out of."""
    return Markup(f'<script type="application/ld+json">{inert_json(data)}</script>')  # safe: inert JSON


class StructuredData:
    """Builds the JSON-LD of service pages and of the questions page in one language."""

    def __init__(self, charter: Charter, localizer: Localizer, language_url: str = ""):
        """`language_url`: the language's absolute address (`https://city.example/en/`), or "" for relative links."""
        self.charter = charter
        self.L = localizer
        self.language_url = language_url
        self.languages = list(charter.site.languages)
        self.offices = {office.id: office for office in charter.site.offices}

    # --- Addresses ---

    def url(self, links: Links, path: str, anchor: str = "") -> str:
        """The address of page `path`: absolute with a site URL, relative to the current page otherwise."""
        return page_or_file_url(self.language_url, links, path, anchor)

    def file_url(self, links: Links, file: str) -> str:
        """The address of a file every language shares at the top of the site, such as the logo."""
        if self.language_url:
            return urljoin(self.language_url, f"../{file}")
        return links.file(f"../{file}")

    def text(self, text: Text | None) -> str:
        return self.L.plain(text)

    def markdown(self, text: Text | None) -> str:
        return markdown_text(self.L.plain(text))

    # --- Pages ---

    def service(self, service: Service, links: Links) -> Markup:
        """The JSON-LD script of a service's page."""
        return script(self.service_graph(service, links))

    def service_graph(self, service: Service, links: Links) -> dict[str, Any]:
        page = self.url(links, record_page("service", service.id))
        graph = [self.municipality(links), self.government_service(service, links)]
        questions = self.questions(service, links)
        if questions:
            graph.append(
                {
                    "@type": "FAQPage",
                    "@id": self.url(links, record_page("service", service.id), "faqs"),
                    "url": page,
                    "inLanguage": self.L.lang,
                    "about": {"@id": self.service_id(service, links)},
                    "mainEntity": questions,
                }
            )
        graph.append(self.breadcrumb(service, links))
        return {"@context": CONTEXT, "@graph": graph}

    # --- Nodes ---

    def municipality_id(self, links: Links) -> str:
        return self.url(links, HOME, "municipality")

    def service_id(self, service: Service, links: Links) -> str:
        return self.url(links, record_page("service", service.id), "service")

    def municipality(self, links: Links) -> dict[str, Any]:
        site = self.charter.site
        node: dict[str, Any] = {
            "@type": "GovernmentOrganization",
            "@id": self.municipality_id(links),
            "name": self.text(site.name),
            "url": self.url(links, HOME),
        }
        if site.logo:
            node["logo"] = self.file_url(links, site.logo)
        node["contactPoint"] = {
            "@type": "ContactPoint",
            "name": self.text(site.contact.name),
            "url": self.url(links, CONTACT),
            "availableLanguage": self.languages,
        }
        return node

    def government_service(self, service: Service, links: Links) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "GovernmentService",
            "@id": self.service_id(service, links),
            "name": self.text(service.title),
            "description": self.text(service.summary),
            "url": self.url(links, record_page("service", service.id)),
            "provider": self.department(service.department, links),
            "areaServed": {"@type": "AdministrativeArea", "name": self.text(self.charter.site.name)},
            "audience": [
                {
                    "@type": "Audience",
                    "audienceType": str(self.L.ui(f"structured_data.audience.{who.value}").unescape()),
                }
                for who in service.audience
            ],
            "category": [self.text(self.charter.categories[c].name) for c in service.categories],
            "availableChannel": [self.channel(service, use) for use in service.channels],
            "offers": self.offers(service),
        }
        related = self.charter.related_services(service)
        if related:
            node["isRelatedTo"] = [{"@id": self.service_id(other, links)} for other in related]
        return node

    def department(self, department_id: str, links: Links) -> dict[str, Any]:
        department = self.charter.departments[department_id]
        node: dict[str, Any] = {
            "@type": "GovernmentOrganization",
            "@id": self.url(links, record_page("department", department.id), "department"),
            "name": self.text(department.name),
            "url": self.url(links, record_page("department", department.id)),
        }
        if department.phone:
            node["telephone"] = department.phone
        if department.email:
            node["email"] = department.email
        if department.office in self.offices:
            node["address"] = self.text(self.offices[department.office].address)
        node["parentOrganization"] = {"@id": self.municipality_id(links)}
        return node

    def channel(self, service: Service, use: ServiceChannel) -> dict[str, Any]:
        """One way to ask for the service, with what the resident needs to use it."""
        channel = self.charter.channels[use.channel]
        node: dict[str, Any] = {"@type": "ServiceChannel", "name": self.text(channel.name)}
        note = use.note or channel.note
        if note:
            node["description"] = self.text(note)
        node.update(self._channel_access(service, channel, use))
        node["availableLanguage"] = self.languages
        promised = _promised_time(service, channel.id)
        if promised:
            node["processingTime"] = iso_duration(promised)
        return node

    def _channel_access(self, service: Service, channel: Channel, use: ServiceChannel) -> dict[str, Any]:
        """The channel's own properties: a link, a phone or text number, a place or a postal address."""
        kind, value = channel.kind, channel.value or ""
        access: dict[str, Any] = {}
        if use.url or kind in (ChannelKind.web, ChannelKind.app):
            access["serviceUrl"] = use.url or value
        elif kind is ChannelKind.email:
            access["serviceUrl"] = f"mailto:{value}"
        elif kind is ChannelKind.whatsapp:
            access["serviceUrl"] = whatsapp_href(value)
        if kind in (ChannelKind.phone, ChannelKind.sms):
            contact: dict[str, Any] = {
                "@type": "ContactPoint",
                "telephone": value,
                "url": tel_href(value),
                "availableLanguage": self.languages,
            }
            hours = opening_hours(channel.hours, channel.always_open, self.L)
            if hours:
                contact["hoursAvailable"] = hours
            access["servicePhone" if kind is ChannelKind.phone else "serviceSmsNumber"] = contact
        elif kind is ChannelKind.office:
            access["serviceLocation"] = self.place(self._office_for(service), channel)
        elif kind is ChannelKind.mail and channel.address:
            access["servicePostalAddress"] = {"@type": "PostalAddress", "name": self.text(channel.address)}
        return access

    def _office_for(self, service: Service) -> Office:
        """Where a service is given in person: its department's office, or the municipality's main office."""
        office = self.charter.departments[service.department].office
        return self.offices.get(office or "", self.charter.site.offices[0])

    def place(self, office: Office, channel: Channel) -> dict[str, Any]:
        node: dict[str, Any] = {
            "@type": "GovernmentBuilding",
            "name": self.text(office.name),
            "address": self.text(office.address),
        }
        if office.phone:
            node["telephone"] = office.phone
        hours = opening_hours(office.hours or channel.hours, channel.always_open, self.L)
        if hours:
            node["openingHoursSpecification"] = hours
        node["amenityFeature"] = {
            "@type": "LocationFeatureSpecification",
            "name": str(self.L.ui("contact.venue_accessibility").unescape()),
            "value": self.text(office.accessibility),
        }
        return node

    def offers(self, service: Service) -> list[dict[str, Any]]:
        """The fees, each an `Offer`; a free service is one offer at no charge."""
        currency = self.charter.site.currency
        if not service.fees:
            return [{"@type": "Offer", "price": "0", "priceCurrency": currency}]
        offers = []
        for fee in service.fees:
            offer: dict[str, Any] = {"@type": "Offer", "name": self.text(fee.name)}
            if fee.amount is not None:
                offer |= {"price": str(fee.amount), "priceCurrency": currency}
            if fee.note:
                offer["description"] = self.text(fee.note)
            offers.append(offer)
        return offers

    def questions(self, service: Service, links: Links) -> list[dict[str, Any]]:
        """The service's own questions, whose answers its page shows (not the general ones it links to)."""
        page = record_page("service", service.id)
        return [self.question(faq, self.url(links, page, f"faq-{n}")) for n, faq in enumerate(service.faqs, start=1)]

    def question(self, faq: Faq, url: str) -> dict[str, Any]:
        return {
            "@type": "Question",
            "name": self.text(faq.question),
            "url": url,
            "acceptedAnswer": {"@type": "Answer", "text": self.markdown(faq.answer)},
        }

    def faq_page(self, links: Links) -> Markup:
        """The JSON-LD script of the questions page: every general question, in the order the page answers them;
        nothing when there is none."""
        questions = [self.question(faq, self.url(links, FAQ, f"faq-{faq.id}")) for faq in self._answered_in_order()]
        if not questions:
            return Markup("")
        node = {
            "@type": "FAQPage",
            "@id": self.url(links, FAQ, "questions"),
            "url": self.url(links, FAQ),
            "inLanguage": self.L.lang,
            "about": {"@id": self.municipality_id(links)},
            "mainEntity": questions,
        }
        return script({"@context": CONTEXT, "@graph": [self.municipality(links), node]})

    def _answered_in_order(self) -> list[FaqEntry]:
        """The general questions as the questions page shows them: those of no topic first, then by topic, once."""
        faqs = self.charter.sorted_faqs
        general = [faq for faq in faqs if not faq.categories]
        by_topic = [faq for topic in self.charter.sorted_categories for faq in faqs if topic.id in faq.categories]
        return list({faq.id: faq for faq in general + by_topic}.values())

    def breadcrumb(self, service: Service, links: Links) -> dict[str, Any]:
        """The visible trail: home, the service's first category, the service."""
        category = self.charter.categories[service.categories[0]]
        trail = [
            (str(self.L.ui("pages.home").unescape()), self.url(links, HOME)),
            (self.text(category.name), self.url(links, record_page("category", category.id))),
            (self.text(service.title), self.url(links, record_page("service", service.id))),
        ]
        return {
            "@type": "BreadcrumbList",
            "@id": self.url(links, record_page("service", service.id), "breadcrumb"),
            "itemListElement": [
                {"@type": "ListItem", "position": position, "name": name, "item": url}
                for position, (name, url) in enumerate(trail, start=1)
            ],
        }


def _promised_time(service: Service, channel_id: str) -> Duration | None:
    """The time promised for requests through one channel: its own commitment, or the service's general one."""
    for wanted in (channel_id, None):
        for commitment in service.commitments:
            if commitment.channel == wanted:
                return commitment.resolve or commitment.answer
    return None
