from abonent.accounts import views
from abonent.core.views.generic import crud_urls

app_name = "accounts"
urlpatterns = [
    *crud_urls("account", list_view=views.AccountList, detail_view=views.AccountDetail,
               edit_view=views.AccountEdit),
    *crud_urls("resident", list_view=views.ResidentList, detail_view=views.ResidentDetail,
               edit_view=views.ResidentEdit),
    *crud_urls("benefit-category", list_view=views.BenefitCategoryList,
               detail_view=views.BenefitCategoryDetail, edit_view=views.BenefitCategoryEdit),
    *crud_urls("benefit-membership", list_view=views.BenefitMembershipList,
               detail_view=views.BenefitMembershipDetail, edit_view=views.BenefitMembershipEdit),
]
