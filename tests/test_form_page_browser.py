"""The offline form in a real browser: headless Chromium, driven by Selenium, fills the form
for the three example organisations as a client would — typing some answers, giving the
others through the SurveyJS model question by question, turning the pages and completing
with the form's own buttons — with networking off; the files it saves load unchanged and
score exactly as the examples; a saved file read back through the page's import button
continues where it left off, notes and evidence kept.

One browser session serves every test of the module. CI installs Chromium and its driver
(.ci/run); here the module is skipped only when they are absent.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

import socialready
from socialready import assess, load_responses
from socialready.form import write_offline_form
from socialready.questionnaire import NumberQuestion

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))
EXAMPLES = [p for p in EXAMPLES if not p.name.endswith(".mapping.yaml")]

BROWSER = next(
    (found for name in ("chromium", "chromium-browser") if (found := shutil.which(name))), None
)
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    BROWSER is None or DRIVER is None,
    reason="needs Chromium and chromedriver (Debian: apt-get install chromium chromium-driver;"
    " .ci/run installs them)",
)

QUESTIONNAIRE = socialready.questionnaire_for(load_responses(EXAMPLES[0]))
"""The questionnaire the examples answer (the form is made from it, whatever the default)."""

WAIT = 20.0
"""Seconds a step may take before the test gives up (a download, a page turn)."""


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def form_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("form") / "questionnaire.html"
    write_offline_form(QUESTIONNAIRE, target, lang="fr")
    return target.as_uri()


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    assert BROWSER is not None
    assert DRIVER is not None
    options.binary_location = BROWSER
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        # networking off, for every page of the session
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": 0, "uploadThroughput": 0},
        )
        driver.execute_cdp_cmd(
            "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
        )
        yield driver
    finally:
        driver.quit()


def _requests(driver: WebDriver) -> list[str]:
    """The URLs the page asked for since the last call (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _open_blank(driver: WebDriver, url: str) -> None:
    """The form as a client first opens it: nothing kept from an earlier visit."""
    driver.get(url)
    driver.execute_script("window.localStorage.clear()")
    driver.get(url)
    _wait(lambda: driver.execute_script("return !!window.socialreadyForm"), "the form to run")


def _wait(condition: Any, what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {WAIT:g} s for {what}")


def _saved(downloads: Path, name: str) -> Path:
    """The file the page saved as ``name``, once written whole."""
    target = downloads / name
    _wait(lambda: target.exists() and not list(downloads.glob("*.crdownload")), name)
    return target


def _model(driver: WebDriver, script: str, *args: Any) -> Any:
    return driver.execute_script(
        "const form = window.socialreadyForm, model = form.model;\n" + script, *args
    )


def _type(driver: WebDriver, name: str, text: str) -> None:
    """Type ``text`` into the input of question ``name``, as the client would."""
    input_id = _model(driver, "return model.getQuestionByName(arguments[0]).inputId", name)
    field = driver.find_element(By.ID, input_id)
    field.clear()
    field.send_keys(text)
    field.send_keys("\t")  # leave the field: SurveyJS takes the value


def _click(driver: WebDriver, css: str) -> None:
    button = _wait(
        lambda: next(
            (b for b in driver.find_elements(By.CSS_SELECTOR, css) if b.is_displayed()), None
        ),
        css,
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def _choose(driver: WebDriver, name: str, option: str) -> None:
    """Click the option ``option`` of question ``name``, as the client would."""
    item = driver.find_element(By.CSS_SELECTOR, f"[data-name='{name}'] input[value='{option}']")
    label = item.find_element(By.XPATH, "./ancestor::label")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", label)
    label.click()


def _errors(driver: WebDriver) -> dict[str, str]:
    """The errors the current page shows, by question."""
    found: dict[str, str] = _model(
        driver,
        "return Object.fromEntries(model.currentPage.questions.filter(x => x.errors.length)"
        ".map(x => [x.name, x.errors.map(e => e.getText()).join(' ')]))",
    )
    return found


def _fill(driver: WebDriver, example: Path) -> None:
    """Fill the form with the example's answers: the header, then each step's page."""
    responses = load_responses(example)
    q = QUESTIONNAIRE
    organisation = responses.organisation
    _type(driver, "_organisation_name", organisation.name)
    _type(driver, "_assessor", responses.assessor)
    _model(
        driver,
        "model.setValue('_organisation_sector', arguments[0]);"
        "model.setValue('_organisation_size_band', arguments[1]);"
        "model.setValue('_organisation_country', arguments[2]);"
        "model.setValue('_date', arguments[3]);",
        organisation.sector,
        organisation.size_band,
        organisation.country,
        responses.date.isoformat(),
    )
    typed_a_number = False
    clicked = []
    for n, step in enumerate(q.steps):
        _click(driver, ".sd-navigation__next-btn")
        _wait(lambda n=n: _model(driver, "return model.currentPageNo") == n + 1, f"page {n + 2}")
        for section in step.sections:
            for question in section.questions:
                if question.id not in responses.answers:
                    continue
                value = responses.answers[question.id]
                visible = _model(
                    driver, "return model.getQuestionByName(arguments[0]).isVisible", question.id
                )
                assert visible, f"{example.name}: {question.id} is answered but hidden"
                if question.kind == "single_choice" and len(clicked) == n:
                    _choose(driver, question.id, value)
                    clicked.append(question.id)
                elif question.kind == "number" and not typed_a_number:
                    _type(
                        driver, question.id, str(int(value)) if value == int(value) else str(value)
                    )
                    typed_a_number = True
                else:
                    _model(
                        driver,
                        "model.setValue(arguments[0], form.formValue(arguments[0], arguments[1]))",
                        question.id,
                        value,
                    )
        _model(driver, "model.currentPage.hasErrors(true, false)")
        assert _errors(driver) == {}, f"{example.name}: the page of {step.id} shows errors"
    assert typed_a_number
    answers = _model(driver, "return model.data")
    assert {x: answers[x] for x in clicked} == {x: responses.answers[x] for x in clicked}
    # every when: condition shows or hides its question as the library evaluates it
    shown = _model(
        driver,
        "return Object.fromEntries(model.getAllQuestions()"
        ".filter(x => !x.name.startsWith('_')).map(x => [x.name, x.isVisible]))",
    )
    assert shown == {
        x.id: x.when is None or socialready.evaluate(x.when, responses.answers)
        for x in q.questions.values()
    }
    _click(driver, ".sd-navigation__complete-btn")
    _wait(lambda: _model(driver, "return model.state") == "completed", "the form to complete")


def _scores(assessment: socialready.Assessment) -> dict[str, Any]:
    return assessment.model_dump(mode="json", exclude={"responses"})


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_filled_in_the_browser_it_scores_as_the_example(
    browser: WebDriver, form_url: str, downloads: Path, example: Path
) -> None:
    _open_blank(browser, form_url)
    _fill(browser, example)
    expected = load_responses(example)
    saved = _saved(downloads, _slug(expected.organisation.name) + ".json")
    got = load_responses(saved)
    assert got.status == "final"
    assert got.warnings == []
    assert got.organisation == expected.organisation
    assert (got.date, got.assessor) == (expected.date, expected.assessor)
    assert got.answers == expected.answers
    assert _scores(assess(QUESTIONNAIRE, got)) == _scores(assess(QUESTIONNAIRE, expected))
    # nothing but the page itself was asked for: no network, no other file
    assert {url.split(":")[0] for url in _requests(browser)} <= {"file", "data", "blob"}


def _slug(name: str) -> str:
    """The name of the file the page saves for organisation ``name``."""
    ascii_name = unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def test_a_saved_file_read_back_continues_with_its_notes(
    browser: WebDriver, form_url: str, downloads: Path, tmp_path: Path
) -> None:
    example = next(p for p in EXAMPLES if p.stem == "agence-12")
    expected = load_responses(example)
    # the example as the JSON responses file a client would have saved
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["date"] = (
        data["date"].isoformat() if isinstance(data["date"], datetime.date) else data["date"]
    )
    given = tmp_path / "saved.json"
    given.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _open_blank(browser, form_url)
    browser.find_element(By.ID, "sr-import").send_keys(str(given))
    _wait(lambda: "saved.json" in browser.find_element(By.ID, "sr-status").text, "the import")
    # progress is kept in the browser: a reload shows the same answers
    browser.refresh()
    _wait(lambda: browser.execute_script("return !!window.socialreadyForm"), "the form to run")
    name = expected.organisation.name
    assert _model(browser, "return model.getValue('_organisation_name')") == name
    _click(browser, "#sr-export")
    got = load_responses(_saved(downloads, _slug(name) + "-draft.json"))
    assert got.status == "draft"
    assert got.answers == expected.answers
    assert got.annotations == expected.annotations
    assert (got.organisation, got.date, got.assessor) == (
        expected.organisation,
        expected.date,
        expected.assessor,
    )
    assert _scores(assess(QUESTIONNAIRE, got)) == _scores(assess(QUESTIONNAIRE, expected))


def test_required_fields_and_bounds_are_checked(browser: WebDriver, form_url: str) -> None:
    _open_blank(browser, form_url)
    _click(browser, ".sd-navigation__next-btn")
    assert _model(browser, "return model.currentPageNo") == 0
    assert set(_errors(browser)) == {"_organisation_name", "_date", "_assessor"}
    _type(browser, "_organisation_name", "Maison Garance")
    _type(browser, "_assessor", "Élodie Marchand")
    _type(browser, "_organisation_country", "fr")
    assert set(_errors(browser)) == {"_date", "_organisation_country"}
    _type(browser, "_organisation_country", "FR")
    _model(browser, "model.setValue('_date', '2026-11-26')")
    _click(browser, ".sd-navigation__next-btn")
    _wait(lambda: _model(browser, "return model.currentPageNo") == 1, "the next page")
    # a number above its bound, on the first step's page
    bounded = next(
        x
        for s in QUESTIONNAIRE.steps[0].sections
        for x in s.questions
        if isinstance(x, NumberQuestion) and x.when is None and x.bounds[1] is not None
    )
    assert bounded.bounds[1] is not None
    _type(browser, bounded.id, f"{bounded.bounds[1] + 1:g}")
    error = _errors(browser)[bounded.id]
    assert error
    shown = browser.find_element(By.CSS_SELECTOR, f"[data-name='{bounded.id}']").text
    assert error in shown
    _click(browser, ".sd-navigation__next-btn")
    assert _model(browser, "return model.currentPageNo") == 1


def test_the_language_switch(browser: WebDriver, form_url: str) -> None:
    _open_blank(browser, form_url)
    title = browser.find_element(By.CSS_SELECTOR, ".sd-title").text
    assert QUESTIONNAIRE.title["fr"] in title
    Select(browser.find_element(By.ID, "sr-language")).select_by_value("en")
    _wait(
        lambda: QUESTIONNAIRE.title["en"] in browser.find_element(By.TAG_NAME, "body").text,
        "English",
    )
    assert browser.find_element(By.ID, "sr-export").text == "Save my answers"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    next_button = browser.find_element(By.CSS_SELECTOR, ".sd-navigation__next-btn")
    assert next_button.get_attribute("value") == "Next"
    # the language is kept with the answers
    browser.refresh()
    _wait(lambda: browser.execute_script("return !!window.socialreadyForm"), "the form to run")
    assert browser.find_element(By.ID, "sr-language").get_attribute("value") == "en"
    assert browser.find_element(By.ID, "sr-export").text == "Save my answers"
    assert QUESTIONNAIRE.title["en"] in browser.find_element(By.CSS_SELECTOR, ".sd-title").text


def test_a_file_of_another_questionnaire_or_not_json_is_refused(
    browser: WebDriver, form_url: str, tmp_path: Path
) -> None:
    _open_blank(browser, form_url)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"questionnaire": "other@2.0", "answers": {}}), encoding="utf-8")
    not_json = tmp_path / "answers.yaml"
    not_json.write_text("questionnaire: x@1\n", encoding="utf-8")
    status = browser.find_element(By.ID, "sr-status")
    browser.find_element(By.ID, "sr-import").send_keys(str(other))
    _wait(lambda: "other.json" in status.text, "the refusal")
    assert f"other@2.0, ce formulaire est celui de {QUESTIONNAIRE.ref}" in status.text
    assert "sr-failed" in (status.get_attribute("class") or "")
    browser.find_element(By.ID, "sr-import").send_keys(str(not_json))
    _wait(lambda: "answers.yaml" in status.text, "the refusal")
    assert "ce n’est pas un fichier de réponses JSON" in status.text
    assert _model(browser, "return model.data") == {}
