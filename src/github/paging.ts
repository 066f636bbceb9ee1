/** Items per page of every listing the action reads: the most the API gives. */
export const PER_PAGE = 100
