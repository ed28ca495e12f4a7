"""The user's product catalogue (TOML): which products are on sale, which are withdrawn.

    [[product]]
    name = "畅享99元套餐"                 # required
    aliases = ["畅享套餐99元档"]          # other names copy uses
    status = "withdrawn"                # required: on-sale | withdrawn
    withdrawn_on = 2024-03-01           # withdrawn only: TOML date or "YYYY-MM-DD"
    replacement = "畅享129元套餐"        # optional: what to promote instead

Loading is strict: an unknown key, a wrong type, a bad date or a name used twice is a
ConfigError naming the file and key, raised before anything is linted (exit 2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from promolint.config import ConfigError, parse_date
from promolint.text.plans import plan_key, squeeze
from promolint.tomlfile import read_toml

STATUSES = ("on-sale", "withdrawn")
_TOP_KEYS = {"product"}
_PRODUCT_KEYS = {"name", "aliases", "status", "withdrawn_on", "replacement"}


@dataclass(frozen=True)
class Product:
    name: str
    aliases: tuple[str, ...]
    status: str
    withdrawn_on: datetime.date | None
    replacement: str

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    def withdrawn_by(self, day: datetime.date) -> bool:
        """Withdrawn on or before ``day`` (no date: withdrawn whatever the day)."""
        if self.status != "withdrawn":
            return False
        return self.withdrawn_on is None or self.withdrawn_on <= day


@dataclass(frozen=True)
class Catalogue:
    path: Path
    products: tuple[Product, ...]

    def withdrawn(self) -> list[Product]:
        return [p for p in self.products if p.status == "withdrawn"]

    def by_plan_key(self) -> dict[str, Product]:
        """Withdrawn products by the plan key of each name that reads as a tiered plan."""
        keys: dict[str, Product] = {}
        for product in self.withdrawn():
            for name in product.names:
                key = plan_key(name)
                if key:
                    keys.setdefault(key, product)
        return keys


def load_catalogue(path: Path) -> Catalogue:
    path = Path(path)
    return parse_catalogue(read_toml(path, ConfigError, "产品目录文件"), path)


def parse_catalogue(data: dict, path: Path) -> Catalogue:
    """Validate parsed catalogue data (``path`` names it in errors)."""
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{path}: {unknown[0]}: 未知的键（产品目录只有 [[product]] 表）")
    items = data.get("product", [])
    if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
        raise ConfigError(f"{path}: product: 应为 [[product]] 表数组")
    products = []
    seen: dict[str, str] = {}
    for i, item in enumerate(items, start=1):
        where = f"{path}: product[{i}]"
        products.append(_product(item, where))
        for name in products[-1].names:
            key = squeeze(name)
            if key in seen:
                raise ConfigError(f"{where}.name: 名称“{name}”与 {seen[key]} 重复")
            seen[key] = f"product[{i}]"
    return Catalogue(path, tuple(products))


def _product(item: dict, where: str) -> Product:
    unknown = sorted(set(item) - _PRODUCT_KEYS)
    if unknown:
        raise ConfigError(f"{where}.{unknown[0]}: 未知的键（可用：{', '.join(sorted(_PRODUCT_KEYS))}）")

    def text(key: str, required: bool = False) -> str:
        value = item.get(key, "")
        if key not in item and required:
            raise ConfigError(f"{where}.{key}: 缺少必填项")
        if not isinstance(value, str) or (required and not value.strip()):
            raise ConfigError(f"{where}.{key}: 应为非空字符串")
        return value.strip()

    name = text("name", required=True)
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ConfigError(f"{where}.aliases: 应为非空字符串数组")
    status = text("status", required=True)
    if status not in STATUSES:
        raise ConfigError(f"{where}.status: 取值 {status!r} 无效（可用：{', '.join(STATUSES)}）")
    withdrawn_on = None
    if "withdrawn_on" in item:
        if status != "withdrawn":
            raise ConfigError(f"{where}.withdrawn_on: 只有 status = \"withdrawn\" 的产品才有下架日期")
        withdrawn_on = parse_date(item["withdrawn_on"], f"{where}.withdrawn_on")
    return Product(name, tuple(a.strip() for a in aliases), status, withdrawn_on,
                   text("replacement"))
