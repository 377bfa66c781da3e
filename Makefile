# Two commands do everything on a fresh machine (see README):
#   make demo   — set up, then run the main job on the bundled sample (校验 → 生成文字 → 导出)
#   make test   — set up, then run the test suite
# `make generated` rebuilds the committed generated files (template, macro workbook, examples).
# `make lint` checks style and types (ruff lint + format check, mypy); CI runs it before the tests.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
NB := $(VENV)/bin/nianbao
OUT ?= out

.PHONY: setup demo test lint format generated clean wheelhouse

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $@

setup: $(VENV)/.installed

demo: $(VENV)/.installed
	mkdir -p $(OUT)
	@echo "== 1. 校验示例工作簿（亚布力镇 2024）"
	-$(NB) check examples/yabuli-2024.xlsx -o $(OUT)/亚布力镇-校验结果.xlsx
	@echo "== 2. 生成正文文字"
	$(NB) narrate examples/yabuli-2024.xlsx -o $(OUT)/亚布力镇-含正文.xlsx
	@echo "== 3. 导出定稿报告"
	$(NB) export $(OUT)/亚布力镇-含正文.xlsx -o $(OUT)/亚布力镇2024年政府信息公开工作年度报告.docx
	$(NB) export $(OUT)/亚布力镇-含正文.xlsx -o $(OUT)/亚布力镇2024年政府信息公开工作年度报告.html
	$(NB) export $(OUT)/亚布力镇-含正文.xlsx -o $(OUT)/亚布力镇2024年政府信息公开工作年度报告.xlsx
	@echo "== 4. 跨年度校验较忙的示例（示例县 2024 对 2023）"
	$(NB) check examples/busy-2024.xlsx --previous examples/busy-2023.xlsx
	@echo "== 完成：结果在 $(OUT)/ 目录"

test: $(VENV)/.installed
	$(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix src tests bench
	$(VENV)/bin/ruff format src tests bench

generated: $(VENV)/.installed
	$(NB) template -o template.xlsx
	$(NB) workbook -o workbook/年度报告.xlsm
	for f in examples/*.json; do $(NB) fill "$$f" -o "$${f%.json}.xlsx"; done

# Offline bundle for offices that install Python on the clerks' PCs (local buttons): the
# nianbao wheel, every dependency's Windows wheel for each supported Python, and 安装.bat
# (py -m pip install --user --no-index: no internet, no admin rights). Only the buttons'
# dependencies: no pandas, pdfplumber, FastAPI (those are the extras review and serve).
# pywin32 is named: pip judges xlwings' `platform_system == 'Windows'` by this machine.
WHEELHOUSE ?= dist/wheelhouse
PYVERSIONS ?= 3.11 3.12 3.13
wheelhouse: $(VENV)/.installed
	rm -rf $(WHEELHOUSE)
	mkdir -p $(WHEELHOUSE)/wheels
	$(PY) -m pip wheel -q --no-deps -w $(WHEELHOUSE)/wheels .
	for v in $(PYVERSIONS); do \
	  $(PY) -m pip download -q --only-binary=:all: --platform win_amd64 --python-version $$v \
	    -d $(WHEELHOUSE)/wheels $(WHEELHOUSE)/wheels/nianbao-*.whl pywin32 || exit 1; \
	done
	cp packaging/安装.bat $(WHEELHOUSE)/
	@echo "离线安装包：$(WHEELHOUSE)（把整个文件夹拷给填报人，双击 安装.bat）"

clean:
	rm -rf $(OUT) .pytest_cache
