"""The site the “What applies to me” tests read (tests/build/test_for_you.py, tests/browser/test_for_you.py).

The example charter, with notices that stay live whenever the tests run (one for the Old Town, one for the North
Neighbourhood, one for all residents), built once per session. Its services and life events carry the conditions the
example gives them; a file the example has not given conditions yet gets those listed here, so that the tests mean
the same either way.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import ROOT, add_notices, build_site, copy_project

CONDITIONS = {
    "services/arnona-discount.yml": """\
conditions:
  - name: {he: אזרחים ותיקים, ar: المسنّون, en: Senior citizens, ru: Пенсионеры}
    residency: resident
    age: {min: 62}
    pension: [old-age]
  - name: {he: בעלי נכות, ar: ذوو الإعاقة, en: People with disabilities, ru: Люди с инвалидностью}
    residency: resident
    disability: true
  - name: {he: הורים יחידים, ar: الوالدون المنفردون, en: Single parents, ru: Родители-одиночки}
    residency: resident
    single_parent: true
  - name: {he: עולים חדשים, ar: القادمون الجدد, en: New immigrants, ru: Новые репатрианты}
    residency: resident
    new_immigrant: true
  - name: {he: מבחן הכנסה, ar: اختبار الدخل, en: Income test, ru: Проверка доходов}
    residency: resident
    low_income: true
""",
    "services/senior-services.yml": "conditions:\n  - age: {min: 62}\n",
    "services/kindergarten-registration.yml": "conditions:\n  - children: [0-2, 3-5]\n",
    "services/school-registration.yml": "conditions:\n  - children: [3-5, 6-12, 13-17]\n",
    "services/dog-license.yml": "conditions:\n  - age: {min: 18}\n    pets: [dog]\n",
    "services/business-license.yml": "conditions:\n  - business: true\n",
    "services/disabled-parking-space.yml": "conditions:\n  - disability: true\n",
    "life-events/getting-a-dog.yml": "conditions:\n  - pets: [dog]\n",
    "life-events/getting-older.yml": "conditions:\n  - age: {min: 62}\n",
    "life-events/new-baby.yml": "conditions:\n  - children: [0-2]\n",
    "life-events/moving-here.yml": "conditions:\n  - residency: new-resident\n",
    "life-events/opening-business.yml": "conditions:\n  - business: true\n",
}

OLD_TOWN = """\
kind: works
title:
  he: עבודות מים בעיר העתיקה
  ar: أعمال مياه في البلدة القديمة
  en: Water works in the Old Town
  ru: Работы на водопроводе в Старом городе
body: {he: הכביש סגור., ar: الشارع مغلق., en: The road is closed., ru: Дорога закрыта.}
starts: "2020-01-05 08:00"
ends: "2090-01-01 12:00"
neighbourhoods: [old-town]
"""
NORTH = """\
kind: works
title:
  he: גיזום עצים בשכונת הצפון
  ar: تقليم الأشجار في الحي الشمالي
  en: Tree pruning in the North Neighbourhood
  ru: Обрезка деревьев в Северном районе
body: {he: החניה אסורה., ar: الوقوف ممنوع., en: No parking., ru: Парковка запрещена.}
starts: "2020-01-05 08:00"
ends: "2090-01-01 12:00"
neighbourhoods: [north]
"""
EVERYONE = """\
kind: event
title:
  he: יום ניקיון לכל התושבים
  ar: يوم تنظيف لجميع السكان
  en: Clean-up day for all residents
  ru: День уборки для всех жителей
body: {he: בואו לעזור., ar: تعالوا للمساعدة., en: Come and help., ru: Приходите помочь.}
starts: "2020-01-05 08:00"
ends: "2090-01-01 12:00"
"""
NOTICES = {"fit-old-town": OLD_TOWN, "fit-north": NORTH, "fit-everyone": EVERYONE}
"""The notices the tests add: (id → YAML). Their pages' ids are `notice-<id>`."""

_built: dict[str, Path] = {}


def add_conditions(charter: Path) -> list[str]:
    """Give each file of `CONDITIONS` that has none its conditions; the files changed."""
    changed = []
    for name, text in CONDITIONS.items():
        path = charter / name
        if "conditions" in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}):
            continue
        with path.open("a", encoding="utf-8") as file:
            file.write(text)
        changed.append(name)
    return changed


def for_you_site(tmp_path_factory) -> Path:
    """The example site with conditions and lasting notices, built once per session."""
    if "site" not in _built:
        folder = tmp_path_factory.mktemp("for-you")
        project = copy_project(ROOT, folder / "project")
        add_conditions(project / "charter")
        add_notices(project / "charter", **{name.replace("-", "_"): text for name, text in NOTICES.items()})
        _built["site"] = build_site(project, folder / "site")
    return _built["site"]
