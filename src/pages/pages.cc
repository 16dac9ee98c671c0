#include "pages/pages.h"

namespace sg::pages {

void AddPageRoutes(api::RouteTable& routes) {
  AddAssetRoutes(routes);
  AddSessionPages(routes);
  AddFrontDoorPages(routes);
  AddChildPages(routes);
  AddJourneyPages(routes);
  AddWorkPages(routes);
  AddFigurePages(routes);
  AddReturnPages(routes);
  AddAdminPages(routes);
}

api::RouteTable AllRoutesWithPages() {
  api::RouteTable routes = api::AllRoutes();
  AddPageRoutes(routes);
  return routes;
}

}  // namespace sg::pages
