/// @file
/// @brief Small helpers of the article model.
#include "news/common/article.hpp"

namespace news {

std::string Origin::describe() const {
    if (line == 0) {
        return path;
    }
    return path + ":" + std::to_string(line);
}

} // namespace news
