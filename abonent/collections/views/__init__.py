"""The collections pages: debtors and an account's collection history (``debtors``), cases and
their stage events (``cases``), payment plans and instalments (``plans``), debt notices
(``notices``) and the collection rate report (``rate``)."""
