from django import forms
from django.utils.translation import gettext_lazy as _

#: a workbook of some 100,000 rows; larger onboardings go in several files or by the CLI
MAX_UPLOAD_MB = 20


class WorkbookUploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("Filled in from the template. It is checked first; nothing is saved "
                    "until you confirm."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB; split it into "
                                          "several workbooks.") % {"mb": MAX_UPLOAD_MB})
        return upload
