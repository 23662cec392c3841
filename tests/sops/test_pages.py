"""The SOP pages: who sees what, who may change what; outsiders get 403 everywhere."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tuntas.accounts.models import User
from tuntas.sops.models import ActorAssignment, PemdaHoliday, SopVersion, Task
from tuntas.sops.services import task_complete, task_return

from .helpers import BABEL, BANTUL, start, task, upload

pytestmark = pytest.mark.django_db
THIRD = Path(__file__).parent / "data" / "kulonprogo-pelaporan-spm.yaml"


def test_list_shows_the_visible_pemdas_sops(client_for: Any) -> None:
    bantul = client_for("bantul_operator").get("/sop/").content.decode()
    assert "Penyusunan Laporan SPM" in bantul and "Bangka Belitung" not in bantul
    national = client_for("kemendagri").get("/sop/").content.decode()
    assert "Penyusunan Laporan SPM" in national and "Pelaksanaan Penerapan" in national
    assert "Penyusunan Laporan SPM" not in client_for("outsider").get("/sop/").content.decode()


def test_detail_shows_identity_procedure_and_versions(client_for: Any) -> None:
    page = client_for("bantul_operator").get(f"/sop/{BANTUL}/").content.decode()
    assert "04/SOP/2022" in page and "Drs. Kurniantara, M.Si." in page
    assert "3 Januari 2022 / 3 Januari 2022 / –" in page
    assert "Menyusun Draf SK Tim SPM Kabupaten." in page and "5-10 hari kerja" in page
    assert "Mulai pelaksanaan" not in page  # an operator does not start runs
    assert (
        "Mulai pelaksanaan"
        in client_for("bantul_koordinator").get(f"/sop/{BANTUL}/").content.decode()
    )


def test_yaml_download(client_for: Any) -> None:
    response = client_for("bantul_verifikator").get(f"/sop/{BANTUL}/yaml/")
    assert response["Content-Disposition"] == f'attachment; filename="{BANTUL}.yaml"'
    assert b"code: bantul-04-sop-2022-penyusunan-laporan-spm" in response.content


def test_edit_shows_problems_per_activity_and_stores_nothing(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    text = client.get(f"/sop/{BANTUL}/yaml/").content.decode()
    bad = text.replace("standard_time: 1 hari\n", "standard_time: sebentar\n", 1)
    page = client.post(f"/sop/{BANTUL}/ubah/", {"text": bad}).content.decode()
    assert "SOP belum disimpan" in page
    assert "procedure.sections[0].activities[2].standard_time" in page and "sebentar" in page
    assert SopVersion.objects.filter(sop__code=BANTUL).count() == 1
    good = text.replace("standard_time: 1 hari\n", "standard_time: 2 hari\n", 1)
    response = client.post(f"/sop/{BANTUL}/ubah/", {"text": good})
    assert response.status_code == 302
    assert SopVersion.objects.filter(sop__code=BANTUL).count() == 2


def test_import_by_upload_for_the_own_pemda_only(client_for: Any) -> None:
    with THIRD.open("rb") as f:
        response = client_for("outsider").post("/sop/baru/", {"file": f})
    assert response.status_code == 302 and response["Location"] == "/sop/kulonprogo-pelaporan-spm/"
    with THIRD.open("rb") as f:
        page = client_for("bantul_koordinator").post("/sop/baru/", {"file": f})
    assert page.status_code == 403


def test_start_run_and_work_the_inbox(client_for: Any, bantul_koordinator: User) -> None:
    koordinator = client_for("bantul_koordinator")
    response = koordinator.post(f"/sop/{BANTUL}/mulai/", {"year": 2026})
    assert response.status_code == 302
    inbox = koordinator.get("/sop/tugas/").content.decode()
    assert "Melakukan koordinasi dengan Kemendagri" in inbox
    assert "Kembalikan ke aktivitas" not in inbox  # the first step has nothing to return to
    first = Task.objects.get(activity=1, run__sop_version__sop__code=BANTUL)
    assert koordinator.post(f"/sop/tugas/{first.pk}/mulai/").status_code == 302
    no_file = koordinator.post(f"/sop/tugas/{first.pk}/selesai/", {"note": ""}, follow=True)
    assert "Unggah dokumen keluaran" in no_file.content.decode()
    done = koordinator.post(
        f"/sop/tugas/{first.pk}/selesai/", {"output": upload("disposisi.pdf")}, follow=True
    )
    assert "Tugas aktivitas 1 selesai." in done.content.decode()
    assert "Menindaklanjuti hasil koordinasi." in done.content.decode()
    assert "Kembalikan ke aktivitas 1 untuk perbaikan" in done.content.decode()
    download = client_for("bantul_verifikator").get(f"/sop/tugas/{first.pk}/berkas/")
    assert download.status_code == 200 and b"isi dokumen" in b"".join(download.streaming_content)
    assert client_for("outsider").get(f"/sop/tugas/{first.pk}/berkas/").status_code == 403
    # An OPD operator sees only its own actor's tasks, not the secretariat's document.
    assert client_for("bantul_operator").get(f"/sop/tugas/{first.pk}/berkas/").status_code == 403


def test_return_from_the_inbox(client_for: Any, bantul_koordinator: User) -> None:
    run = start(bantul_koordinator)
    task_complete(actor=bantul_koordinator, task=task(run, 1), output=upload())
    second = task(run, 2)
    page = client_for("bantul_koordinator").post(
        f"/sop/tugas/{second.pk}/kembalikan/", {"note": "Notulen belum ditandatangani"}, follow=True
    )
    assert "waktu tugas ini dijeda" in page.content.decode()
    assert task(run, 2).status == Task.Status.RETURNED and task(run, 1).status == Task.Status.OPEN


@pytest.mark.parametrize("who", ["outsider", "outsider_operator"])
def test_outsiders_cannot_touch_tasks(who: str, client_for: Any, bantul_koordinator: User) -> None:
    run = start(bantul_koordinator)
    first = task(run, 1)
    client = client_for(who)
    assert "Melakukan koordinasi" not in client.get("/sop/tugas/").content.decode()
    for action in ("mulai", "selesai", "kembalikan"):
        assert client.post(f"/sop/tugas/{first.pk}/{action}/", {"note": "x"}).status_code == 403
    assert task(run, 1).status == Task.Status.OPEN


@pytest.mark.parametrize("who", ["outsider", "outsider_operator", "jateng_peninjau"])
@pytest.mark.parametrize(
    "url",
    [
        f"/sop/{BANTUL}/",
        f"/sop/{BANTUL}/yaml/",
        f"/sop/{BANTUL}/ubah/",
        f"/sop/{BABEL}/",
        "/sop/libur/?region=34.02",
        "/sop/pelaku/?region=34.02",
    ],
)
def test_outsiders_get_403_on_pages(who: str, url: str, client_for: Any) -> None:
    assert client_for(who).get(url).status_code == 403


def test_outsider_cannot_start_a_run(client_for: Any) -> None:
    assert client_for("outsider").post(f"/sop/{BANTUL}/mulai/", {"year": 2026}).status_code == 403
    assert (
        client_for("bantul_operator").post(f"/sop/{BANTUL}/mulai/", {"year": 2026}).status_code
        == 403
    )


def test_agency_operator_cannot_edit(client_for: Any) -> None:
    assert client_for("bantul_operator").get(f"/sop/{BANTUL}/ubah/").status_code == 403
    assert client_for("bantul_operator").get("/sop/baru/").status_code == 403


def test_pemda_holidays_page(client_for: Any) -> None:
    koordinator = client_for("bantul_koordinator")
    response = koordinator.post(
        "/sop/libur/", {"region": "34.02", "date": "2026-12-29", "name": "Cuti bersama daerah"}
    )
    assert response.status_code == 302
    holiday = PemdaHoliday.objects.get(region_id="34.02", date="2026-12-29")
    assert holiday.history.first().history_user.username == "bantul.koordinator"  # type: ignore[attr-defined]
    page = client_for("bantul_operator").get("/sop/libur/").content.decode()
    assert "Cuti bersama daerah" in page and "Hapus" not in page
    operator = client_for("bantul_operator")
    assert operator.post("/sop/libur/", {"date": "2026-12-30", "name": "x"}).status_code == 403
    assert operator.post(f"/sop/libur/{holiday.pk}/hapus/").status_code == 403
    assert (
        client_for("outsider")
        .post(f"/sop/libur/{holiday.pk}/hapus/", {"region": "34.02"})
        .status_code
        == 403
    )
    assert (
        koordinator.post(f"/sop/libur/{holiday.pk}/hapus/", {"region": "34.02"}).status_code == 302
    )
    assert not PemdaHoliday.objects.filter(pk=holiday.pk).exists()


def test_actor_mapping_page(client_for: Any) -> None:
    koordinator = client_for("bantul_koordinator")
    page = koordinator.get("/sop/pelaku/").content.decode()
    assert "TIM_SPM" in page and "bantul.verifikator" in page
    koordinator.post("/sop/pelaku/", {"actor_code": "ARSIPARIS", "username": "bantul.sekda"})
    assert ActorAssignment.objects.filter(
        actor_code="ARSIPARIS", user__username="bantul.sekda"
    ).exists()
    outsider_user = koordinator.post(
        "/sop/pelaku/", {"actor_code": "OPD", "username": "kulonprogo.dinkes.operator"}, follow=True
    )
    assert "Pengguna tidak ditemukan di Pemda ini." in outsider_user.content.decode()
    assert (
        client_for("bantul_operator")
        .post("/sop/pelaku/", {"actor_code": "OPD", "username": "bantul.disdik.operator"})
        .status_code
        == 403
    )
    row = ActorAssignment.objects.get(actor_code="ARSIPARIS", user__username="bantul.sekda")
    assert (
        client_for("outsider").post(f"/sop/pelaku/{row.pk}/hapus/", {"region": "34.02"}).status_code
        == 403
    )
    assert koordinator.post(f"/sop/pelaku/{row.pk}/hapus/", {"region": "34.02"}).status_code == 302


def test_signed_out_goes_to_login() -> None:
    assert Client().get("/sop/tugas/")["Location"].startswith("/masuk/")


def test_output_must_be_a_document_and_a_second_open_run_is_refused(client_for: Any) -> None:
    koordinator = client_for("bantul_koordinator")
    koordinator.post(f"/sop/{BANTUL}/mulai/", {"year": 2026})
    again = koordinator.post(f"/sop/{BANTUL}/mulai/", {"year": 2026}, follow=True)
    assert "sudah berjalan untuk tahun 2026" in again.content.decode()
    first = Task.objects.get(activity=1, run__sop_version__sop__code=BANTUL)
    script = upload("skrip.exe")
    page = koordinator.post(f"/sop/tugas/{first.pk}/selesai/", {"output": script}, follow=True)
    assert "exe" in page.content.decode()
    assert Task.objects.get(pk=first.pk).status == Task.Status.OPEN


def test_return_note_shows_on_the_timeline(client_for: Any, bantul_koordinator: User) -> None:
    run = start(bantul_koordinator)
    task_complete(actor=bantul_koordinator, task=task(run, 1), output=upload())
    task_return(actor=bantul_koordinator, task=task(run, 2), note="Notulen belum lengkap")
    page = client_for("bantul_verifikator").get(f"/sop/pelaksanaan/{run.pk}/").content.decode()
    assert "Notulen belum lengkap" in page


def test_new_sop_page_offers_a_valid_skeleton_for_the_own_pemda(client_for: Any) -> None:
    client = client_for("bantul_koordinator")
    page = client.get("/sop/baru/").content.decode()
    assert "kode-sop-baru" in page and "region_code: &quot;34.02&quot;" in page
    skeleton = (Path(__file__).parents[2] / "src/tuntas/sops/skeleton.yaml").read_text()
    response = client.post("/sop/baru/", {"text": skeleton})
    assert response["Location"] == "/sop/kode-sop-baru/"


def test_upload_that_is_not_text_is_a_problem_not_a_crash(client_for: Any) -> None:
    binary = upload("sop.yaml")
    binary.file.write(b"\xff\xfe\x00")
    binary.file.seek(0)
    page = client_for("bantul_koordinator").post("/sop/baru/", {"file": binary})
    assert "berkas harus berupa teks UTF-8" in page.content.decode()


def test_create_link_for_managers_only(client_for: Any) -> None:
    assert "SOP baru atau impor" in client_for("bantul_koordinator").get("/sop/").content.decode()
    assert "SOP baru atau impor" in client_for("admin").get("/sop/").content.decode()
    assert "SOP baru atau impor" not in client_for("bantul_operator").get("/sop/").content.decode()
