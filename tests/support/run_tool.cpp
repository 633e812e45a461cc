/// @file
/// @brief placeholder
