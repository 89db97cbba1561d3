"""Self-hosting is costed with effort that grows with the fleet and facilities that scale with the GPUs."""

from __future__ import annotations

from advisor.engine.costs import FTE_PER_EXTRA_GPU, engineer_fte, on_prem_tco


def test_staff_time_grows_with_the_number_of_gpus():
    assert engineer_fte(0.15, 1) == 0.15
    assert engineer_fte(0.15, 8) == 0.15 + 7 * FTE_PER_EXTRA_GPU
    assert engineer_fte(0.15, 8) > engineer_fte(0.15, 2) > engineer_fte(0.15, 1)


def test_on_prem_power_and_space_scale_with_the_gpus_not_only_with_their_price(catalog):
    gpu = next(g for g in catalog.gpus.values() if g.purchase_usd)
    staff = catalog.meta.staff_cost_per_year["eu"]
    one, eight = on_prem_tco(gpu, 1, 0.0, staff), on_prem_tco(gpu, 8, 0.0, staff)
    assert one is not None and eight is not None
    assert eight == 8 * one  # without staff: hardware, servers and facilities per GPU
    hardware_only = gpu.purchase_usd / 36
    assert one > 1.3 * hardware_only + 150  # servers and at least the power of a GPU server


def test_an_a100_never_serves_fp8_but_serves_lower_precisions(catalog):
    from advisor.engine.costs import fit_ladders, holding_steps

    gpus = list(catalog.gpus.values())
    model = next(iter(catalog.models.values()))
    fp8 = {ladder[0].gpu.id for ladder in fit_ladders(model, gpus, "fp8", None)}
    int4 = {ladder[0].gpu.id for ladder in fit_ladders(model, gpus, "int4", None)}
    assert "a100-80gb" not in fp8 and "a100-80gb" in int4 and "h100-80gb" in fp8
    assert all(gpu.id != "a100-80gb" for gpu, _ in holding_steps(gpus, None, "fp8").choices)


def test_a_long_prompt_is_served_with_a_context_at_least_as_long():
    from advisor.engine.costs import Volume
    from advisor.engine.pricing import serving_size

    assert serving_size(Volume(10, 156_000, 2_000), ["long_context"]) >= 158_000
    assert serving_size(Volume(10, 1_000, 500), ["long_context"]) == 131_072


def test_a_customer_facing_service_on_reserved_gpus_runs_a_second_replica(example, catalog):
    import datetime as dt

    from advisor.api import recommend

    answers = example("startup-support-bot")
    answers.data_sensitivity, answers.expertise, answers.budget.monthly = "regulated", "strong", 100_000
    for u in answers.use_cases:
        u.data_sensitivity = "regulated"
    rec = recommend(answers, catalog=catalog, date=dt.date(2026, 11, 27), keep=False)
    by_name = {r.name: r for r in rec.use_cases}
    chatbot, summaries = by_name["Support chatbot"], by_name["Ticket summaries"]
    assert chatbot.kind.id == "customer_support" and chatbot.sizing
    assert all(s.replicas >= 2 for s in chatbot.sizing.values())  # one node down must not stop it
    assert summaries.sizing and any(s.replicas == 1 for s in summaries.sizing.values())


def test_a_model_split_across_pcie_cards_says_so_and_one_on_nvlink_gpus_does_not(catalog):
    from advisor.engine.costs import Sizing

    l40s, h100 = catalog.gpus["l40s-48gb"], next(g for g in catalog.gpus.values() if g.id.startswith("h100"))
    split = Sizing("fp8", l40s, 8, 1, 322.0, 8192, 100.0).describe()
    assert "split across 8 PCIe cards without NVLink" in split
    assert "PCIe" not in Sizing("fp8", h100, 8, 1, 322.0, 8192, 100.0).describe()
    assert "PCIe" not in Sizing("fp8", l40s, 1, 2, 30.0, 8192, 100.0).describe()  # one card a replica: no split
