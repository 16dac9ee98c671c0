// placeholder: being written
#include "api/app.h"
namespace sg::api {
void AddChildRoutes(RouteTable&) {}
}  // namespace sg::api
