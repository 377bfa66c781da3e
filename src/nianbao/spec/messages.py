"""Chinese message templates for findings, kept apart from the logic that fills them.

Placeholders: {where} names the cell or relation; {left}/{right} the two sides;
{diff} the imbalance (差额); {target} the cell to correct; {expected}/{actual} its values;
{found} what was typed; {advice} what to type instead (值-非数字).
"""

TEMPLATES: dict[str, str] = {
    # The balances state the imbalance only: which cell is wrong is for the localisation
    # (check/localise.py) to say, and it says it in ADVICE below — never a bare 应为.
    "T3-勾稽": "表三{scope}：第一项加第二项之和为{left}，第三项加第四项之和为{right}，差额{diff}",
    "T3-行合计": "表三{scope}：总计为{left}，各类申请人之和为{right}，差额{diff}",
    "T3-办理结果合计": "表三{scope}：（七）总计为{left}，（一）至（六）各项之和为{right}，差额{diff}",
    "T4-合计": "表四{scope}：总计为{left}，结果维持、结果纠正、其他结果、尚未审结之和为{right}，差额{diff}",
    "值-缺失": "{where}未填写；没有的请填0",
    "值-非数字": "{where}填的是“{found}”，不是数字；{advice}",
    "值-负数": "{where}为{found}，不能为负数",
    "值-非整数": "{where}为{found}，件数必须是整数",
    "值-小数位": "{where}为{found}，金额（万元）最多保留6位小数（即精确到分）",
    "值-公式无结果": "{where}是公式“{found}”，但文件里没有保存它的计算结果（文件由程序生成、未在 Excel/WPS 中打开保存过）；"
    "请在 Excel 或 WPS 中打开并保存一次，或直接填入数字",
    "值-文本数字": "{where}填的是文本“{found}”，已按数字{expected}读取；请改为直接输入数字",
    "值-空白报告": "表二、表三、表四均未填写任何数字（这是一份空白模板）",
    "基本信息-缺失": "{where}未填写",
    "基本信息-格式": "{where}填的是“{found}”，{reason}",
    "T2-现行有效": "表二{scope}：现行有效件数{actual}少于本年制发件数{expected}，请核实",
    "T4-无申请有复议诉讼": "表四共有复议诉讼案件{actual}件，但表三本年新收和上年结转申请均为0{previous_note}，请核实",
    "跨年-T2-现行有效": "表二{scope}：现行有效件数为{actual}，按上年现行有效{prev_in_force}加本年制发{issued}"
    "减本年废止{repealed}应为{expected}，差额{diff}",
    "跨年-T3-结转": "表三{scope}：上年结转为{actual}，上年报告的结转下年度继续办理为{expected}，差额{diff}",
    "文字-信息处理费": "第六部分“其他需要报告的事项”{reason}；须说明本年度信息处理费收取情况（未收取的也应说明）",
    "文字-数字矛盾": "{where}写有“{found}”，与{table_where}的{expected}不一致",
    "汇总-上下级": "{where}：汇总单位填{actual}，{children}个下级单位之和为{expected}，差额{diff}{missing_note}",
}


# What the error localisation advises, appended to the findings of a broken group.
# {culprits}: "E5（表三 本年新收 · 商业企业）"; {changes}: "改为145" or "E5改为145、F6改为3";
# {consistent}: "本行、本列都一致"; {options}: the possibilities, each like {changes};
# {also}: for a blank cell, the other cells of the same correction ("，且D5改为43").
ADVICE: dict[str, str] = {
    "settled": "{culprits}可能填错：{changes}后{consistent}",
    "settled-blank": "按表内关系，此格应填{value}{also}（填后{consistent}）",
    "several": "以下任一处改动都可使本组一致：{options}；请核对原始记录后改正（不要直接照填）",
    # one valid option left only because the others would need a negative number: not proof
    "one-option": "只改一格的话，只有{options}能使本组一致，但也可能是几格同时填错；请核对原始记录后改正（不要直接照填）",
    "declined": "仅凭表内关系无法确定是哪一格填错（至少要改{changed}处），请逐项核对本组数字",
    "declined-none": "仅凭表内关系无法确定是哪一格填错，请逐项核对本组数字",
    "error-explained": "（错误不能以说明代替，须改正）",
}
CHANGE_TO = "改为{value}"
FILL_IN = "填{value}"
SCOPE_WORDS = {"T3-行合计": "本行", "T3-勾稽": "本列", "T3-办理结果合计": "本列", "T4-合计": "本组"}


def advice(kind: str, **fields) -> str:
    return ADVICE[kind].format(**fields)


def render(rule_id: str, **fields) -> str:
    return TEMPLATES[rule_id].format(**fields)
