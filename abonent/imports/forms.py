from django import forms
from django.utils.translation import gettext_lazy as _

#: a workbook of some 100,000 rows; larger onboardings go in several files or by the CLI
MAX_UPLOAD_MB = 20


class WorkbookUploadForm(forms.Form):
    """The file of one import kind: an .xlsx workbook, or a .csv file where the kind takes one."""

    workbook = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("Filled in from the template. It is checked first; nothing is saved "
                    "until you confirm."),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}))

    def __init__(self, *args, csv: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.csv = csv
        if csv:
            field = self.fields["workbook"]
            field.label = _("File (.xlsx or .csv)")
            field.widget.attrs["accept"] = ".xlsx,.csv,text/csv,application/vnd." \
                "openxmlformats-officedocument.spreadsheetml.sheet"

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        name = upload.name.lower()
        if self.csv and not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file "
                                          "(.csv)."))
        if not self.csv and not name.endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB; split it into "
                                          "several workbooks.") % {"mb": MAX_UPLOAD_MB})
        return upload
