// The only translation unit that includes these sources (separate compilation, STYLE 11).
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
