// models.hpp must not need libcurl: compiled against vitec::connect_models alone.
#include <vitec/connect/models.hpp>

#ifdef CURLINC_CURL_H
#error models.hpp pulled in libcurl
#endif
