ALTER TABLE rc_wilaya ADD CONSTRAINT pk_rc_wilaya PRIMARY KEY (code_wilaya);

-- The adapter looks employers up by registry number, one or a batch at a time.
ALTER TABLE rc_entreprise ADD CONSTRAINT pk_rc_entreprise PRIMARY KEY (num_rc);
ALTER TABLE rc_entreprise ADD CONSTRAINT uq_rc_entreprise_nif UNIQUE (nif);
ALTER TABLE rc_entreprise ADD CONSTRAINT fk_rc_entreprise_wilaya
    FOREIGN KEY (code_wilaya) REFERENCES rc_wilaya (code_wilaya);

-- Announce committed changes, from now on (the load itself is not a change anyone has cached).
-- A change of registry number announces both numbers. A wilaya renamed changes every employer in it.
CREATE OR REPLACE FUNCTION cr_announce_entreprise() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO cr_changes (entity, num_rc) VALUES (TG_TABLE_NAME, OLD.num_rc);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.num_rc IS DISTINCT FROM OLD.num_rc) THEN
        INSERT INTO cr_changes (entity, num_rc) VALUES (TG_TABLE_NAME, NEW.num_rc);
    END IF;
    PERFORM pg_notify('cr_changes', '');
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION cr_announce_wilaya() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cr_changes (entity, num_rc) VALUES (TG_TABLE_NAME, NULL);
    PERFORM pg_notify('cr_changes', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER trg_rc_entreprise_annonce
    AFTER INSERT OR UPDATE OR DELETE ON rc_entreprise
    FOR EACH ROW EXECUTE FUNCTION cr_announce_entreprise();
CREATE TRIGGER trg_rc_wilaya_annonce
    AFTER INSERT OR UPDATE OR DELETE ON rc_wilaya
    FOR EACH STATEMENT EXECUTE FUNCTION cr_announce_wilaya();

ANALYZE rc_wilaya;
ANALYZE rc_entreprise;

-- The records were replaced wholesale: followers drop whatever they cached from this registry.
SELECT pg_notify('cr_changes', 'reset');
