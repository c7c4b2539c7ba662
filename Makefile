# The two commands the README shows: `make run` and `make test`.
# Both build .venv on first use and reinstall only when pyproject.toml changes.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --upgrade --quiet pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/playground

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest -q

# Before `run` and `test`: `playground doctor` checks the system libraries Qt needs
# (for the window, or for the off-screen tests). As root with apt-get or dnf it installs
# what is missing and says so; otherwise it prints the one command to run, instead of
# Qt's abort. Silent when all is well.
.PHONY: run-prerequisites test-prerequisites smoke install-desktop
run: run-prerequisites
test: test-prerequisites

run-prerequisites: $(STAMP)
	@$(PY) -m playground doctor --install --quiet

test-prerequisites: $(STAMP)
	@$(PY) -m playground doctor --for tests --install --quiet

# The real-window smoke test: the app in Xvfb on the xcb platform, Play pressed, a
# screenshot checked, closed through its window (scripts/smoke.py says what it checks).
# As root it installs Xvfb, xdotool and missing libraries with apt-get.
smoke: $(STAMP)
	$(PY) scripts/smoke.py --install

# The app in the user's applications menu: a desktop entry and its icons under
# ~/.local/share, pointing at this checkout's .venv/bin/playground.
install-desktop: $(STAMP)
	$(PY) -m playground.desktop

# Translations (docs/translations.md): pull new tr() strings into the .ts files, then
# build the .qm files the app loads. Translate in between with .venv/bin/pyside6-linguist.
UI_SOURCES = $(shell find playground/ui -name '*.py' | sort)
.PHONY: translations
translations: $(STAMP)
	$(VENV)/bin/pyside6-lupdate $(UI_SOURCES) -ts resources/i18n/playground_zh_CN.ts -no-obsolete -locations none
	$(VENV)/bin/pyside6-lupdate $(UI_SOURCES) -ts resources/i18n/playground_en.ts -no-obsolete -locations none -pluralonly
	$(VENV)/bin/pyside6-lrelease resources/i18n/playground_zh_CN.ts -qm resources/i18n/playground_zh_CN.qm
	$(VENV)/bin/pyside6-lrelease resources/i18n/playground_en.ts -qm resources/i18n/playground_en.qm
