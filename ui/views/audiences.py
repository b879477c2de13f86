"""Audiences page: the library of segments and audiences, versions, history, rollback, export,
and the overlap between two of them."""

from __future__ import annotations

import streamlit as st

from audience.rules import describe_rules
from audience.workflow import AudienceState, ExportFormat, Permission, export_audience
from ui.components import library_view, session
from ui.components.errors import guarded
from ui.components.text import plain
from ui.resources import catalog, engine, service, settings
from ui.state import app_state

EXPORTABLE = (AudienceState.APPROVED, AudienceState.EXPORTED)

st.title("Audiences")
state = app_state()
user = state.user
assert user is not None
page = state.audiences
if page.notice:  # shown once, after the action that set it
    st.success(page.notice, icon=":material/check_circle:")
    page.notice = None
with guarded("load the library"):
    workflow = service()
    audiences = workflow.list_audiences()
    if not audiences:
        st.info("No segment or audience yet: build one on the Build page and save or submit it.")
        st.stop()
    st.dataframe(library_view.library_rows(audiences), hide_index=True)
    by_id = {a.audience_id: a for a in audiences}
    ids = list(by_id)
    wanted = page.selected_id if page.selected_id in by_id else session.linked_audience()
    index = ids.index(wanted) if wanted in by_id else 0
    page.selected_id = st.selectbox(
        "Open",
        ids,
        index=index,
        key="library_pick",
        format_func=lambda i: f"#{i} {by_id[i].name} ({by_id[i].state.value})",
    )
    audience = by_id[page.selected_id]
    session.link_audience(audience.audience_id)
    versions = workflow.versions(audience.audience_id)
    st.subheader(f"{plain(audience.name)} · v{audience.version} · {audience.state.value}")
    if versions:
        st.markdown(plain(describe_rules(versions[-1].rules, catalog()).text))
    overview, history, export_tab, overlap_tab = st.tabs(
        ["Versions", "History", "Export", "Overlap"], key="library_tabs"
    )
    with overview:
        st.dataframe(library_view.version_rows(versions), hide_index=True)
        earlier = [v.version for v in versions if v.version != audience.version]
        if earlier:
            with st.form(f"rollback_{audience.audience_id}_{audience.version}"):
                target = st.selectbox("Roll back to version", earlier, key="rollback_version")
                rolled = st.form_submit_button("Roll back (makes a new draft version)")
            if rolled:
                with guarded("roll back"):
                    record = workflow.rollback(user.name, audience.audience_id, int(target))
                    page.notice = f"“{record.name}” is now v{record.version} (draft)."
                    st.rerun()
    with history:
        st.dataframe(
            library_view.history_rows(workflow.history(audience.audience_id)), hide_index=True
        )
    with export_tab:
        if audience.channel is None:
            st.caption("A segment is analysis only: submit it as an audience to export it.")
        elif audience.state not in EXPORTABLE:
            st.caption(f"Only approved audiences can be exported; this one is {audience.state}.")
        elif not workflow.workspace.user(user.name).can(Permission.EXPORT):
            st.caption(
                "Exporting needs the 'export' permission (marketers and admins have it; a "
                "reviewer only when granted): ask an admin to grant it in the users file."
            )
        else:
            fmt = st.radio(
                "Format",
                list(ExportFormat),
                format_func=lambda f: f.value,
                horizontal=True,
                key="export_format",
            )
            if fmt is not None and st.button("Export", key="export_run", type="primary"):
                with guarded("export"), st.status("Recounting and exporting…") as status:
                    result = export_audience(
                        workflow,
                        user.name,
                        audience.audience_id,
                        ExportFormat(fmt),
                        out_dir=settings().exports_dir,
                    )
                    page.export_name = result.path.name
                    page.export_bytes = result.path.read_bytes()
                    page.export_rows = result.row_count
                    page.export_audience_id = audience.audience_id
                    page.notice = f"Exported {result.row_count:,} contacts to {result.path}."
                    status.update(label="Exported", state="complete")
                    st.rerun()
            if page.export_bytes is not None and page.export_audience_id == audience.audience_id:
                st.metric("Exported contacts", f"{page.export_rows:,}")
                st.download_button(
                    "Download the export",
                    page.export_bytes,
                    file_name=page.export_name,
                    key="export_download",
                )
    with overlap_tab:
        pair = st.multiselect(
            "Two segments or audiences",
            ids,
            max_selections=2,
            format_func=lambda i: f"#{i} {by_id[i].name}",
            key="overlap_pick",
        )
        if len(pair) == 2:
            with guarded("compute the overlap"), st.spinner("Counting members…"):
                segments = workflow.saved_segments()
                members = [
                    engine().member_ids(workflow.version(i).rules, segments=segments) for i in pair
                ]
                overlap = library_view.overlap(*members)
                one, two, three, four = st.columns(4)
                one.metric(f"#{pair[0]}", f"{overlap.first:,}")
                two.metric(f"#{pair[1]}", f"{overlap.second:,}")
                three.metric("In both", f"{overlap.both:,}")
                four.metric("Jaccard", f"{overlap.jaccard:.1%}")
