// placeholder: being written
#include "api/app.h"
namespace sg::api {
void AddSessionRoutes(RouteTable&) {}
}  // namespace sg::api
