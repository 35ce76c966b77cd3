from __future__ import annotations

from django import forms

from painscope.web.wearables.services import FORMAT_LABELS


class UploadForm(forms.Form):
    """The non-file part of the upload (the file itself is streamed to disk by the view)."""

    format = forms.ChoiceField(choices=list(FORMAT_LABELS.items()), initial="auto", required=False)

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "auto"
