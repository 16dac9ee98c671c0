#include "api/app.h"

namespace sg::api {

RouteTable AllRoutes() {
  RouteTable routes;
  AddMetaRoutes(routes);
  AddSessionRoutes(routes);
  AddChildRoutes(routes);
  AddJourneyRoutes(routes);
  AddWorkRoutes(routes);
  AddAdminRoutes(routes);
  return routes;
}

}  // namespace sg::api
