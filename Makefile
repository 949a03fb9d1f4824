# Berdaya: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
TEST_DATABASE_URL ?= $(PG_TEST_URL)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-sqlite test-postgresql install translations messages migrate seed bench clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate

# Compile the committed .po catalogues (the .mo files are committed too; this keeps them fresh).
translations: install
	$(BIN)/pybabel compile --statistics -d translations

# Re-extract UI strings after changing templates or code (developers only).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

migrate: install
	$(FLASK) db upgrade

run: translations migrate
	$(FLASK) seed-demo --if-empty
	@echo ""
	@echo "  Berdaya is running on http://$(HOST):$(PORT)"
	@echo "  Demo logins (password: $${DEMO_PASSWORD:-demo-berdaya}):"
	@echo "    admin, officer, officer2, mentor, mentor2, trainee"
	@echo ""
	$(FLASK) run --host $(HOST) --port $(PORT)

test: translations
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgresql

test-sqlite: install
	@echo "== Test suite on SQLite =="
	$(BIN)/pytest

test-postgresql: install
	@if $(BIN)/python -c "import sys, psycopg; psycopg.connect(sys.argv[1].replace('+psycopg', ''), connect_timeout=3).close()" "$(TEST_DATABASE_URL)" 2>/dev/null; then \
		echo "== Test suite on PostgreSQL ($(TEST_DATABASE_URL)) =="; \
		TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest; \
	else \
		echo ""; \
		echo "!! SKIPPED the PostgreSQL run: no server answers at $(TEST_DATABASE_URL)."; \
		echo "!! Set TEST_DATABASE_URL to a PostgreSQL database to run the suite there too."; \
	fi

bench: install
	$(BIN)/python bench/trainee_list.py

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
