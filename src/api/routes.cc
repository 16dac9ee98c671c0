#include "api/app.h"

#include <utility>

namespace sg::api {

RouteTable AllRoutes() {
  RouteTable routes;
  AddMetaRoutes(routes);
  AddSessionRoutes(routes);
  AddChildRoutes(routes);
  AddJourneyRoutes(routes);
  AddWorkRoutes(routes);
  AddJobRoutes(routes);
  AddAdminRoutes(routes);
  return routes;
}

Route DatabaseRoute(HandlerFn handler, std::string scope) {
  Route route;
  route.placement = Placement::kDatabase;
  route.auth = Auth::kSignedIn;
  route.handler = std::move(handler);
  route.scope = std::move(scope);
  return route;
}

}  // namespace sg::api
