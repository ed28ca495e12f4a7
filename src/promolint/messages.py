"""User-facing strings of the command line, in Simplified Chinese, in one place."""

ERROR_PREFIX = "promolint: 错误："
BAD_FORMAT = "未知的输出格式 {fmt!r}（可用：{choices}）"
BAD_JOBS = "--jobs 应为正整数"
BAD_FAIL_ON = "--fail-on 的取值 {value!r} 无效（可用：error|warning|info）"
UNKNOWN_RULE = "未知的规则代码 {code}；运行 promolint rules 查看全部规则"
CANNOT_WRITE = "无法写入 {path}：{reason}"
STDIN_NOT_TEXT = "标准输入不是文本：{reason}"

RULE_SECTIONS = {
    "what": "规则说明",
    "why": "为什么违规",
    "basis": "法规依据",
    "flagged": "违规示例",
    "compliant": "建议写法",
}
