// placeholder: being written
#include "api/app.h"
namespace sg::api {
void AddAdminRoutes(RouteTable&) {}
}  // namespace sg::api
