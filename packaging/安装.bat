@echo off
rem nianbao offline installer for the Excel buttons (local Python mode).
rem No internet and no administrator rights: installs for the current user from the
rem wheels folder beside this file (made by `make wheelhouse`).
chcp 65001 >nul
setlocal
set "HERE=%~dp0"
set "PY="
where py >nul 2>nul && set "PY=py -3"
if not defined PY where python >nul 2>nul && set "PY=python"
if not defined PY (
  echo 找不到 Python。请先安装 Python 3.11、3.12 或 3.13（安装时选“只为我安装”，不需要管理员权限），安装后重新运行本文件。
  pause
  exit /b 1
)
echo 正在安装 nianbao（离线，不需要联网）……
%PY% -m pip install --user --no-index --find-links "%HERE%wheels" nianbao
if errorlevel 1 (
  echo 安装失败。请把本窗口的内容截图发给维护人员。
  pause
  exit /b 1
)
%PY% -c "import nianbao.excel.doctor as d; d.main(\"0.37.8\")"
if errorlevel 1 (
  echo nianbao 已安装，但 xlwings 检查未通过。请把本窗口的内容截图发给维护人员。
  pause
  exit /b 1
)
echo 安装完成。请关闭所有 Excel 窗口后重新打开工作簿，再使用“校验”等按钮。
echo 命令行用法：%PY% -m nianbao check 年度报告.xlsm （Scripts 文件夹不在 PATH 中时也可用）
pause
