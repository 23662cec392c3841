"""Stage 2 arithmetic on worked examples (pure functions)."""

from decimal import Decimal as D

from tuntas.figures.needs import ItemInput, service_needs, total_of


def goods(code: str, norm: str | None, available: str | None, price: str | None) -> ItemInput:
    return ItemInput(
        code=code,
        name=f"Barang {code}",
        kind="barang_jasa",
        unit="buah",
        norm=None if norm is None else D(norm),
        ratio=None,
        available=None if available is None else D(available),
        unit_price=None if price is None else D(price),
    )


def staff(code: str, ratio: str | None, available: str | None) -> ItemInput:
    return ItemInput(
        code=code,
        name=f"Tenaga {code}",
        kind="sdm",
        unit="orang",
        norm=None,
        ratio=None if ratio is None else D(ratio),
        available=None if available is None else D(available),
    )


def test_goods_need_gap_and_cost() -> None:
    # 1.200 ibu hamil x 90 tablet = 108.000; 30.000 tersedia -> kurang 78.000 x Rp350 = Rp27.300.000
    result = service_needs("K4", D(1200), [goods("B02", "90", "30000", "350")])
    item = result.goods[0]
    assert item.need == D(108000)
    assert item.gap == D(78000)
    assert item.cost == D(27300000)
    assert result.total_cost == D(27300000)
    assert "1.200 × 90 = 108.000" in item.formula
    assert "maks(0; 108.000 − 30.000) = 78.000" in item.formula
    assert "78.000 × Rp350 = Rp27.300.000" in item.formula


def test_surplus_is_no_gap_and_no_cost() -> None:
    item = service_needs("K4", D(100), [goods("B01", "1", "150", "5000")]).goods[0]
    assert item.need == D(100)
    assert item.gap == D(0)
    assert item.cost == D(0)


def test_fractional_norm_and_decimal_comma_in_formula() -> None:
    item = service_needs("K1", D(25), [goods("B09", "0.5", "2", "12500.5")]).goods[0]
    assert item.need == D("12.5")
    assert item.gap == D("10.5")
    assert item.cost == D("131255.25")
    assert "25 × 0,5 = 12,5" in item.formula
    assert "Rp131.255,25" in item.formula


def test_missing_norm_target_availability_or_price_is_said_not_guessed() -> None:
    result = service_needs(
        "K4",
        D(10),
        [goods("B06", None, "1", "1"), goods("B01", "1", None, "1"), goods("B02", "2", "0", None)],
    )
    no_norm, no_available, no_price = result.goods
    assert not no_norm.computable and "norma" in no_norm.missing
    assert not no_available.computable and "ketersediaan" in no_available.missing
    assert no_price.gap == D(20) and no_price.cost is None
    assert "harga satuan" in no_price.missing
    assert result.total_cost == D(0)
    assert result.uncosted == 1
    no_target = service_needs("K4", None, [goods("B01", "1", "1", "1")]).goods[0]
    assert not no_target.computable and "sasaran" in no_target.missing


def test_personnel_gap_rounds_up_and_never_below_zero() -> None:
    # 1.001 penerima, 1 bidan per 100 -> ceil(10,01) = 11; 7 ada -> kurang 4
    short, enough, unknown = service_needs(
        "K4", D(1001), [staff("S02", "100", "7"), staff("S03", "500", "9"), staff("S01", None, "2")]
    ).personnel
    assert (short.need, short.gap) == (D(11), D(4))
    assert "⌈1.001 ÷ 100⌉ = 11" in short.formula
    assert (enough.need, enough.gap) == (D(3), D(0))
    assert unknown.gap is None and "rasio" in unknown.missing


def test_totals_per_agency_and_pemda() -> None:
    k4 = service_needs("K4", D(10), [goods("B01", "1", "0", "1000"), goods("B02", "2", "0", "10")])
    k5 = service_needs("K5", D(5), [goods("B01", "1", "0", None)])
    agency = total_of([k4, k5])
    assert k4.total_cost == D(10 * 1000 + 20 * 10)
    assert agency.total_cost == D(10200)
    assert agency.uncosted == 1
    assert agency.services == 2
    other = total_of([service_needs("K6", D(1), [goods("B01", "3", "1", "50")])])
    pemda = total_of([agency, other])
    assert pemda.total_cost == D(10300)
    assert pemda.services == 3
