// placeholder: being written
#include "api/app.h"
namespace sg::api {
void AddWorkRoutes(RouteTable&) {}
}  // namespace sg::api
