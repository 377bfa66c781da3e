"""nianbao: the 政府信息公开工作年度报告 toolkit (2021 format)."""

__version__ = "0.1.0"
