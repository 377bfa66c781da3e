"""`nianbao serve --data DIR [--host 127.0.0.1] [--port 8000] [--db URL]`: the office service.

One command on the office's server (or a PC that stays on): the browser page, the JSON API
and the Excel buttons through xlwings Server, for every clerk on the intranet.
"""

from __future__ import annotations

from pathlib import Path


def configure(parser) -> None:
    parser.add_argument("--data", type=Path, required=True, metavar="DIR", help="服务的数据目录（临时文件等放在这里）")
    parser.add_argument(
        "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1 只供本机；供全单位使用请写 0.0.0.0）"
    )
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.add_argument("--db", metavar="URL", help="报送汇总用的数据库地址（PostgreSQL/SQLite；可不填）")
    parser.add_argument("--max-upload-mb", type=int, default=20, help="上传文件的大小上限（MB，默认 20）")
    parser.add_argument(
        "--print-office-token",
        action="store_true",
        help="只显示政务公开办的令牌（收集报告用；首次运行时生成），不启动服务",
    )


def run(args) -> int:
    from nianbao.errors import EXIT_OK, NianbaoError

    try:
        import uvicorn

        from nianbao.service.app import create_app
        from nianbao.service.routes_xlwings import licence_problem
        from nianbao.service.settings import Settings
    except ImportError as exc:
        raise NianbaoError(
            f'本机的 nianbao 没有安装服务所需的程序包（{exc.name}）：请运行 pip install "nianbao[serve]"'
        ) from None
    data = Path(args.data)
    try:
        data.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NianbaoError(f"无法建立数据目录 {data}：{exc.strerror or exc}") from None
    if not 1 <= args.port <= 65535:
        raise NianbaoError("--port 应为 1 到 65535 之间的整数")
    if args.max_upload_mb < 1:
        raise NianbaoError("--max-upload-mb 应为不小于 1 的整数")
    settings = Settings(
        data_dir=data,
        db_url=args.db,
        host=args.host,
        port=args.port,
        max_upload_bytes=args.max_upload_mb * 1024 * 1024,
    )
    if args.print_office_token:
        from nianbao.service.collect_routes import office_token

        print(office_token(settings))
        return EXIT_OK
    _check_port(args.host, args.port)
    app = create_app(settings)
    shown_host = "本机IP" if args.host in ("0.0.0.0", "::") else args.host
    print(f"年报服务已启动：浏览器打开 http://{shown_host}:{args.port}/ （按 Ctrl+C 停止）")
    problem = licence_problem()
    if problem:
        print(problem)
    else:
        print(
            f"Excel 按钮（服务器模式）：nianbao workbook --server http://{shown_host}:{args.port} -o 年度报告.xlsm，"
            "把生成的工作簿发给填报人。"
        )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def _check_port(host: str, port: int) -> None:
    """Before starting: a port in use or an address not on this machine, said in Chinese."""
    import socket

    from nianbao.errors import NianbaoError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise NianbaoError(f"监听地址“{host}”不对：应为本机的 IP 地址、0.0.0.0 或 127.0.0.1") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise NianbaoError(
                f"无法在 {host}:{port} 上启动服务：{exc.strerror or exc}（端口可能已被占用，请换一个 --port）"
            ) from None
