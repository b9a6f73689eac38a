-- Ministere du Travail: registre des permis de travail des travailleurs etrangers.
-- No secondary indexes here: they are built after the bulk load (indexes.sql).
DROP TABLE IF EXISTS mol_changes, etape_permis, permis_travail, travailleur_etranger CASCADE;
DROP FUNCTION IF EXISTS maj_date_maj() CASCADE;

-- One row per foreign worker, identified by his travel document.
CREATE TABLE travailleur_etranger (
    id_travailleur   integer     NOT NULL,
    -- PP passeport, TR titre de voyage pour refugie, LP laissez-passer.
    type_document    char(2)     NOT NULL,
    num_document     varchar(12) NOT NULL,
    -- ISO 3166-1 alpha-3 of the issuing country.
    code_nationalite char(3)     NOT NULL,
    nom              varchar(60) NOT NULL,
    prenoms          varchar(80) NOT NULL,
    date_naissance   date        NOT NULL,
    date_maj         timestamptz NOT NULL
);

-- One row per application; the number is assigned when the application is filed.
CREATE TABLE permis_travail (
    -- 'WP-' || year of filing || '-' || seven digits; "C" collation keeps keyset paging byte-ordered.
    numero_permis      varchar(15) COLLATE "C" NOT NULL,
    numero_suivi       varchar(17) NOT NULL,
    id_travailleur     integer     NOT NULL,
    -- Commercial-registry number of the employer.
    num_rc             varchar(12) COLLATE "C" NOT NULL,
    -- ISCO-08 unit group.
    code_profession    char(4)     NOT NULL,
    libelle_profession varchar(80) NOT NULL,
    -- DP deposee, AI accord initial, AP accord prealable, DL delivre, RN renouvele,
    -- EX expire, RT retire, RJ rejete.
    statut             char(2)     NOT NULL,
    date_depot         date        NOT NULL,
    -- Validity, set when the minister signs; date_fin moves when the permit is renewed.
    date_debut         date,
    date_fin           date,
    date_maj           timestamptz NOT NULL
);

-- Every step of an application's life, in order.
CREATE TABLE etape_permis (
    numero_permis varchar(15) COLLATE "C" NOT NULL,
    num_ordre     smallint    NOT NULL,
    -- DEP depot, AIN accord initial, APR accord prealable, VDG visa du directeur general,
    -- SIG signature du ministre, REN renouvellement, EXP expiration, RET retrait, REJ rejet.
    code_etape    char(3)     NOT NULL,
    -- CD chef de departement, CS chef de service, DG directeur general, MT ministre du travail;
    -- NULL when nobody decided (filing by the applicant, expiry at the end of validity).
    code_role     char(2),
    date_decision timestamptz NOT NULL
);

-- Any correction made in place counts as a change of the record at the source.
CREATE FUNCTION maj_date_maj() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.date_maj := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER travailleur_etranger_date_maj BEFORE UPDATE ON travailleur_etranger
    FOR EACH ROW EXECUTE FUNCTION maj_date_maj();
CREATE TRIGGER permis_travail_date_maj BEFORE UPDATE ON permis_travail
    FOR EACH ROW EXECUTE FUNCTION maj_date_maj();

-- The ministry's change outbox: one row per permit a committed change touches (its employer and its worker's
-- document with it), appended by the triggers that indexes.sql creates after the bulk load. Followers read it
-- by sequence; the notification on channel mol_changes wakes them.
CREATE TABLE mol_changes (
    seq              bigserial   PRIMARY KEY,
    entity           varchar(30) NOT NULL,
    numero_permis    varchar(15),
    num_rc           varchar(12),
    type_document    char(2),
    num_document     varchar(12),
    code_nationalite char(3),
    changed_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Followers of the old outbox learn that its sequence starts again.
SELECT pg_notify('mol_changes', 'reset');
