-- A location's low levels as one range of an index: the difference between available +
-- incoming and the reorder point, for levels that have one (`stock::is_low` is written in
-- this shape). The page of low levels then reads only those, not every level with a point.
DROP INDEX stock_levels_reordered;
CREATE INDEX stock_levels_low ON stock_levels (location_id, (on_hand - committed + incoming - reorder_point), variant_id) WHERE reorder_point IS NOT NULL;
