"""The unified service catalog (政务服务事项目录): model, rules, storage, import and search."""
